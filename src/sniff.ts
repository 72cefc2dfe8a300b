// Decides whether a JSON/JSON5 file found by a directory walk, a glob or the pre-commit hook is a
// NativeLink config at all, so package.json, tsconfig.json or renovate.json5 are skipped, not faulted.
import type { LoadedFile } from "./load.ts";
import { ROOT_TYPE, fieldIndex, typeDef } from "./typetable.ts";

/** The top-level keys of NativeLink's config (and their aliases), from the type table. */
function topLevelKeys(): Set<string> {
  const root = typeDef(ROOT_TYPE);
  if (!root || root.kind !== "struct") return new Set();
  return new Set(fieldIndex(root).keys());
}

const KEYS = topLevelKeys();
/** The file name of this tool's config schema: a `$schema` naming it marks a config. */
const OUR_SCHEMA = "nativelink-config.schema.json";
/** One of those keys written as a key (quoted or not), for text that does not parse. */
const KEY_WRITTEN = new RegExp(`(^|[{,\\s])["']?(${[...KEYS].join("|")})["']?\\s*:`, "m");

/**
 * A config is a top-level object with at least one of NativeLink's top-level keys, or a `$schema`
 * naming ours. A file that does not parse is a config when its text writes one of those keys as a
 * key, so a broken config is still reported while a broken unrelated file is skipped. Files that
 * cannot be read are kept: the engine reports why.
 */
export function looksLikeNativeLinkConfig(loaded: LoadedFile): boolean {
  if (loaded.notConfig) return false;
  const root = loaded.root;
  if (root) {
    if (root.kind !== "object") return false;
    return root.members.some(
      (m) => KEYS.has(m.key) || (m.key === "$schema" && m.value.kind === "string" && m.value.value.includes(OUR_SCHEMA)),
    );
  }
  if (loaded.head !== undefined) return headLooksLikeConfig(loaded.head);
  if (loaded.text === undefined) return true;
  return KEY_WRITTEN.test(loaded.text);
}

/**
 * The start of a file too large to parse: a config when its top-level object's first key is one of
 * NativeLink's, or is a `$schema` naming ours or followed by one of NativeLink's; not one when the
 * text starts with anything but an object, or with another key (a lock file's "name", a JSON
 * schema's "$schema"). Kept when the start shows no key it can read (an escaped key, or no key
 * at all): the engine reports it.
 */
function headLooksLikeConfig(head: string): boolean {
  // A byte-order mark, whitespace and comments, as JSON5 allows them before a value or a key (a
  // line comment ends at any line terminator).
  const trivia = /^(?:\uFEFF|\s+|\/\/[^\n\r\u2028\u2029]*|\/\*[\s\S]*?\*\/)*/;
  let rest = head.replace(trivia, "");
  if (!rest.startsWith("{")) return rest === "";
  for (rest = rest.slice(1); ; ) {
    rest = rest.replace(trivia, "");
    // A whole key: quoted without escapes, or an identifier.
    const m = /^(?:"([^"\\\n]*)"|'([^'\\\n]*)'|([A-Za-z_$][\w$]*))/.exec(rest);
    if (!m) return rest === "" || rest.startsWith('"') || rest.startsWith("'");
    const key = m[1] ?? m[2] ?? m[3]!;
    if (key !== "$schema") return KEYS.has(key);
    // `$schema: "..."`, then the next key decides unless the value names this tool's schema.
    const value = /^\s*:\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*,?/.exec(rest.slice(m[0].length));
    if (!value) return true;
    if ((value[1] ?? value[2] ?? "").includes(OUR_SCHEMA)) return true;
    rest = rest.slice(m[0].length + value[0].length);
  }
}

/**
 * False only for a file that cannot be a config by the test above, whether or not it parses: its
 * bytes hold none of NativeLink's top-level keys and not this tool's schema name, anywhere, and no
 * escape that could spell a key's letters (JSON5 reads `\s` as `s`, and `\u`, `\x` and line
 * continuations too; the escapes JSON has make no letter). Searched in the bytes, before decoding.
 */
export function mayBeConfig(bytes: Buffer): boolean {
  if (bytes.includes(OUR_SCHEMA)) return true;
  for (const k of KEYS) if (bytes.includes(k)) return true;
  for (let i = bytes.indexOf(0x5c); i >= 0; i = bytes.indexOf(0x5c, i + 2)) {
    if (!HARMLESS_ESCAPES.has(bytes[i + 1] ?? 0)) return true;
  }
  return false;
}

/** After a backslash: the characters whose escapes make no letter (", ', \\, /, b, f, n, r, t, 0). */
const HARMLESS_ESCAPES = new Set(Array.from(Buffer.from(`"'\\/bfnrt0`)));
