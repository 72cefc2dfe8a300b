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
  const digits = /^\+?([0-9]+)$/.exec(text)?.[1];
  if (digits === undefined) return "invalid digit found in string";
  return BigInt(digits) > U64_MAX ? "number too large to fit in target type" : undefined;
}

/** What formatx 0.2.4's `Template::new` does with a template string. */
export type TemplateOutcome =
  | { ok: true; placeholders: string[] }
  | { ok: false; panic: false; message: string }
  | { ok: false; panic: true; message: string };

class TemplatePanic extends Error {}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * formatx's escapes, as one pass each: every `{{` from the left becomes `[curly=open]`, then every `}}`
 * from the right becomes `[curly=close]` (formatx replaces the last `}}` until none is left, so an odd run
 * of `}` keeps its first one).
 */
function escapeBraces(input: string): string {
  const opened = input.split("{{").join("[curly=open]");
  const pairs: number[] = [];
  for (let i = opened.length - 2; i >= 0; i--) {
    if (opened.charCodeAt(i) === CLOSE_BRACE && opened.charCodeAt(i + 1) === CLOSE_BRACE) {
      pairs.push(i);
      i--;
    }
  }
  const parts: string[] = [];
  let from = 0;
  for (let k = pairs.length - 1; k >= 0; k--) {
    const at = pairs[k]!;
    parts.push(opened.slice(from, at), "[curly=close]");
    from = at + 2;
  }
  parts.push(opened.slice(from));
  return parts.join("");
}

/**
 * The `{...}` groups formatx's `get_placeholders` takes, in order: it cuts the first `{` to the first `}`
 * out of the template until one of them is gone. What it leaves before the cut holds neither, so the next
 * group is the first `{` and the first `}` after the last cut, and one pass finds them all. The body of a
 * group runs to its first `}` and may hold `{`.
 */
function placeholderBodies(template: string): string[] {
  const bodies: string[] = [];
  for (let pos = 0; ; ) {
    const start = template.indexOf("{", pos);
    if (start < 0) return bodies;
    const end = template.indexOf("}", pos);
    if (end < 0) return bodies;
    // `&template[(start + 1)..end]` panics when a `}` comes before the first `{`.
    if (end < start) throw new TemplatePanic("a `}` before the first `{` makes formatx slice a string backwards");
    bodies.push(template.slice(start + 1, end));
    pos = end + 1;
  }
}

/** A placeholder's name: its body cut at the first `:`, then at the first space. */
function placeholderName(body: string): string {
  const colon = body.indexOf(":");
  const head = colon >= 0 ? body.slice(0, colon) : body;
  const space = head.indexOf(" ");
  return space >= 0 ? head.slice(0, space) : head;
}

/**
 * formatx numbers positional placeholders by replacing the first `{}` or `{:` (whichever comes first) with
 * `{N}`/`{N:` until none is left, N counting up and skipping the numbers already used as names. A
 * replacement makes no new `{}` or `{:`, so this is every `{` followed by `}` or `:`, left to right.
 */
function numberPositionals(template: string, named: ReadonlySet<string>): string {
  const parts: string[] = [];
  let from = 0;
  let position = 0;
  for (let i = 0; i + 1 < template.length; i++) {
    if (template.charCodeAt(i) !== OPEN_BRACE) continue;
    const next = template.charCodeAt(i + 1);
    if (next !== CLOSE_BRACE && next !== 0x3a) continue;
    while (named.has(String(position))) position++;
    parts.push(template.slice(from, i + 1), String(position));
    from = i + 1;
    position++;
  }
  parts.push(template.slice(from));
  return parts.join("");
}

/** formatx's `FormatSpec::validate`: the error for a `{name:spec}` spec it rejects. */
export function formatSpecError(specIn: string, placeholder: string): string | undefined {
  let spec = specIn;
  const at = (c: string) => {
    const i = spec.indexOf(c);
    return i < 0 ? undefined : i;
  };
  const aligns = [at("<"), at("^"), at(">")].filter((x): x is number => x !== undefined);
  if (aligns.length > 1) return `multiple align specifiers used in {${placeholder}}`;
  let align = aligns[0];
  if (align === 1) {
    spec = spec.slice(1);
    align = 0;
  }
  const signs = [at("+"), at("-")].filter((x): x is number => x !== undefined);
  if (signs.length > 1) return `multiple signs used in {${placeholder}}`;
  const sign = signs[0];
  const hash = at("#");
  let zero = at("0");
  const precision = at(".");
  if (zero !== undefined && precision !== undefined && zero > precision) zero = undefined;
  const question = at("?");
  const order: [string | undefined, number | undefined, [string, number | undefined][]][] = [
    ["align", align, [["sign", sign], ["#", hash], ["0 padding and width", zero], ["precision", precision], ["?", question]]],
    ["sign", sign, [["#", hash], ["0 padding and width", zero], ["precision", precision], ["?", question]]],
    ["#", hash, [["0 padding and width", zero], ["precision", precision], ["?", question]]],
    ["0", zero, [["precision", precision], ["?", question]]],
    ["precision", precision, [["?", question]]],
  ];
  for (const [name, x, later] of order) {
    if (x === undefined) continue;
    for (const [other, y] of later) {
      if (y !== undefined && x > y) return `${name} should be used before ${other} in {${placeholder}}`;
    }
  }
  if (precision !== undefined) {
    const next = spec.slice(precision + 1, precision + 2);
    // `spec.get(x+1..x+2)` is None past the end or inside a multi-byte character.
    if (next === "" || next.charCodeAt(0) > 0x7f) return `precision value not supplied in {${placeholder}}`;
    if (!/^[0-9]$/.test(next)) return `precision value is not a valid usize in {${placeholder}}`;
  }
  if (spec.includes("$")) return `parameter setting through $ sign argument is not supported but used in {${placeholder}}`;
  if (spec.includes(".*")) return `asterisk .* formatting is not supported but used in {${placeholder}}`;
  for (const c of ["o", "x", "X", "p", "b", "e", "E"]) {
    if (spec.includes(c)) return `${c} formatting is not supported but used in {${placeholder}}`;
  }
  return undefined;
}

/**
 * formatx 0.2.4 `Template::new`, step by step (escapes, brace count, positional names, placeholders, specs).
 *
 * formatx then looks each placeholder up again (`{name` and the next `}`) and cuts it out of the text,
 * placeholder after placeholder. What it has cut leaves no brace before the next placeholder's `{`, so the
 * look-up always lands on that placeholder and reads its body; each body is read once here.
 */
export function formatxTemplate(input: string): TemplateOutcome {
  try {
    const escaped = escapeBraces(input);
    let open = 0;
    let close = 0;
    for (let i = 0; i < escaped.length; i++) {
      const c = escaped.charCodeAt(i);
      if (c === OPEN_BRACE) open++;
      else if (c === CLOSE_BRACE) close++;
    }
    if (open !== close) return { ok: false, panic: false, message: `number of opening and closing curly braces are not equal i.e. ${open} != ${close}` };
    const named = new Set(placeholderBodies(escaped).map(placeholderName));
    const names = new Set<string>();
    for (const body of placeholderBodies(numberPositionals(escaped, named))) {
      const colon = body.lastIndexOf(":");
      if (colon >= 0) {
        const err = formatSpecError(body.slice(colon + 1), body);
        if (err) return { ok: false, panic: false, message: err };
      }
      names.add(placeholderName(body));
    }
    return { ok: true, placeholders: [...names] };
  } catch (e) {
    if (e instanceof TemplatePanic) return { ok: false, panic: true, message: e.message };
    throw e;
  }
}
