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

const UNWRAP_NONE = "called `Option::unwrap()` on a `None` value";

class TemplatePanic extends Error {}

function replacen(s: string, from: string, to: string): string {
  const i = s.indexOf(from);
  return i < 0 ? s : s.slice(0, i) + to + s.slice(i + from.length);
}

/** formatx's `get_placeholders`: names of `{...}` groups, cut at `:` and at the first space. */
function templatePlaceholders(template: string): string[] {
  const out: string[] = [];
  let t = template;
  while (t.includes("{") && t.includes("}")) {
    const start = t.indexOf("{");
    const end = t.indexOf("}");
    // `&template[(start + 1)..end]` panics when a `}` comes before the first `{`.
    if (end < start) throw new TemplatePanic("a `}` before the first `{` makes formatx slice a string backwards");
    const body = t.slice(start + 1, end);
    t = t.slice(0, start) + t.slice(end + 1);
    const colon = body.indexOf(":");
    const [name = ""] = (colon >= 0 ? body.slice(0, colon) : body).split(" ");
    out.push(name);
  }
  return out;
}

/** formatx's `FormatSpec::validate`: the error for a `{name:spec}` spec it rejects. */
function formatSpecError(specIn: string, placeholder: string): string | undefined {
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

/** formatx 0.2.4 `Template::new`, step by step (escapes, brace count, positional names, placeholders, specs). */
export function formatxTemplate(input: string): TemplateOutcome {
  try {
    let template = input.split("{{").join("[curly=open]");
    for (let i = template.lastIndexOf("}}"); i >= 0; i = template.lastIndexOf("}}")) {
      template = template.slice(0, i) + "[curly=close]" + template.slice(i + 2);
    }
    const open = template.split("{").length - 1;
    const close = template.split("}").length - 1;
    if (open !== close) return { ok: false, panic: false, message: `number of opening and closing curly braces are not equal i.e. ${open} != ${close}` };
    let position = 0;
    const named = templatePlaceholders(template);
    while (template.includes("{}") || template.includes("{:")) {
      while (named.includes(String(position))) position++;
      const x = template.indexOf("{}");
      const y = template.indexOf("{:");
      if (x >= 0 && (y < 0 || y > x)) template = replacen(template, "{}", `{${position}}`);
      else template = replacen(template, "{:", `{${position}:`);
      position++;
    }
    let query = template;
    const names: string[] = [];
    for (const name of templatePlaceholders(template)) {
      const start = query.indexOf(`{${name}`);
      if (start < 0) throw new TemplatePanic(UNWRAP_NONE);
      const rel = query.slice(start).indexOf("}");
      if (rel < 0) throw new TemplatePanic(UNWRAP_NONE);
      const matched = query.slice(start + 1, start + rel);
      const colon = matched.lastIndexOf(":");
      if (colon >= 0) {
        const err = formatSpecError(matched.slice(colon + 1), matched);
        if (err) return { ok: false, panic: false, message: err };
      }
      query = replacen(query, `{${matched}}`, "");
      if (!names.includes(name)) names.push(name);
    }
    return { ok: true, placeholders: names };
  } catch (e) {
    if (e instanceof TemplatePanic) return { ok: false, panic: true, message: e.message };
    throw e;
  }
}
