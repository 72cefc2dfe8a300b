// Re-implementations of the small parsers NativeLink's worker runs on config values: shlex word
// splitting (query_cmd) and formatx templates (success/failure message templates).

/**
 * `shlex::split` (shlex 1.3/2.0, the POSIX-like splitter NativeLink uses for query_cmd): words split
 * on space, tab and newline; single quotes literal; double quotes with \$ \` \" \\ and
 * backslash-newline escapes; a backslash outside quotes escapes the next character; `#` at the
 * start of a word comments out the rest of the line. Undefined for an unterminated quote or a
 * trailing backslash (shlex's `None`).
 */
export function shlexSplit(input: string): string[] | undefined {
  let i = 0;
  const next = (): string | undefined => (i < input.length ? input[i++] : undefined);
  const words: string[] = [];
  for (;;) {
    let ch = next();
    if (ch === undefined) return words;
    // Skip whitespace and comments before a word.
    for (;;) {
      if (ch === "#") {
        for (let c = next(); c !== undefined && c !== "\n"; c = next());
      } else if (ch !== " " && ch !== "\t" && ch !== "\n") {
        break;
      }
      ch = next();
      if (ch === undefined) return words;
    }
    let word = "";
    for (;;) {
      if (ch === '"') {
        for (;;) {
          const c = next();
          if (c === undefined) return undefined;
          if (c === '"') break;
          if (c === "\\") {
            const e = next();
            if (e === undefined) return undefined;
            if (e === "$" || e === "`" || e === '"' || e === "\\") word += e;
            else if (e !== "\n") word += "\\" + e;
          } else {
            word += c;
          }
        }
      } else if (ch === "'") {
        for (;;) {
          const c = next();
          if (c === undefined) return undefined;
          if (c === "'") break;
          word += c;
        }
      } else if (ch === "\\") {
        const e = next();
        if (e === undefined) return undefined;
        if (e !== "\n") word += e;
      } else if (ch === " " || ch === "\t" || ch === "\n") {
        break;
      } else {
        word += ch;
      }
      const c = next();
      if (c === undefined) break;
      ch = c;
    }
    words.push(word);
  }
}

const U64_MAX = 18446744073709551615n;

/** Rust's `str::parse::<u64>()` error text, or undefined when the value parses. */
export function u64Error(text: string): string | undefined {
  if (text === "") return "cannot parse integer from empty string";
  const m = /^\+?([0-9]+)$/.exec(text);
  if (!m) return "invalid digit found in string";
  return BigInt(m[1]) > U64_MAX ? "number too large to fit in target type" : undefined;
}
