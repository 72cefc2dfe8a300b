// Rust's `{:?}` of a str and a char (core::fmt, `impl Debug for str`): the one implementation every
// message that quotes a Rust string uses (serde's "string \"...\"", axum's route errors, nativelink's
// Error { messages: [...] }).

// Rust escapes, in `{:?}`, every character of general category Cc Cf Cs Co Cn Zl Zp Zs (but not
// the space itself) and every Grapheme_Extend character.
// The pattern is made at its first use: V8 builds these Unicode classes when the expression is
// created, about a millisecond that a run quoting only ASCII text never needs.
let notPrintable: RegExp | undefined;
function rustNotPrintable(ch: string): boolean {
  notPrintable ??= new RegExp("^[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}\\p{Zs}\\p{Grapheme_Extend}]$", "u");
  return notPrintable.test(ch);
}

/**
 * `char::escape_debug_ext` as `impl Debug for str` calls it (grapheme-extended characters escaped
 * wherever they are, the quote of the literal escaped, the other quote not).
 */
function escapeDebugChar(ch: string, quote: "'" | '"'): string {
  switch (ch) {
    case "\0":
      return "\\0";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
    case "\n":
      return "\\n";
    case "\\":
      return "\\\\";
  }
  if (ch === quote) return "\\" + ch;
  // Printable ASCII (space to tilde) is in none of those categories.
  const code = ch.charCodeAt(0);
  if (code >= 0x20 && code < 0x7f) return ch;
  if (rustNotPrintable(ch)) {
    return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  return ch;
}

/** `format!("{:?}", c)` for a `char`. */
export function rustCharDebug(ch: string): string {
  return `'${escapeDebugChar(ch, "'")}'`;
}

/** `format!("{:?}", s)` for a `str`. */
export function rustStrDebug(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeDebugChar(ch, '"');
  return out + '"';
}
