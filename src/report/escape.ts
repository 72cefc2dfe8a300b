// Escaping helpers shared by the reporters, so hostile config text can't smuggle control characters into output.

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * C0, DEL, C1, the line and paragraph separators, and the bidirectional controls
 * (embeddings and overrides U+202A–202E, isolates U+2066–2069, marks U+200E, U+200F, U+061C).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `\xHH` below U+0100, `\uHHHH` above. */
export function hexEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  const hex = code.toString(16);
  return code < 0x100 ? `\\x${hex.padStart(2, "0")}` : `\\u${hex.padStart(4, "0")}`;
}

/** Render control characters as visible escapes (`\n`, `\x1b`, `\u202e`) for terminal and text output. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => NAMED[ch] ?? hexEscape(ch));
}

/** Replace unpaired surrogates with U+FFFD so the text can be encoded as UTF-8 (e.g. by encodeURIComponent). */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, "\ufffd");
}
