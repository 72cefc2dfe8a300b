// Environment expansion as NativeLink v1.6.6 performs it: `shellexpand::env` from the
// shellexpand 3.1.1 crate, called from every `convert_*_with_shellexpand` helper in
// nativelink-config/src/serde_utils.rs.
//
// Behaviour reproduced (derived from the crate's `env_with_context`, re-implemented here):
// - `$NAME`: NAME is the longest run of characters for which Rust's `char::is_alphanumeric()`
//   holds, or `_`. Unicode letters and digits count, and a name may start with a digit (`$1`).
// - `${...}`: closed by the FIRST `}` after the `$`. Inside, the first `:-` splits name and
//   default, unless it sits right after `${` (then the whole inside is the name: `${:-x}`
//   looks up a variable called `:-x`). The default is used verbatim: it is not expanded again,
//   so `${A:-$B}` gives the text `$B` when A is unset.
// - The default applies only when the variable is unset. A variable set to the empty string
//   expands to the empty string (unlike the shell's `:-`).
// - `${` with no `}` anywhere after it is kept literally, and scanning resumes after `${`.
// - `$$` gives one `$`. A `$` followed by anything else (or by nothing) is kept as is.
// - An unset variable without a default is an error:
//   `error looking key 'NAME' up: environment variable not found`.
// - `~` is not expanded (that is `shellexpand::tilde`/`full`, which NativeLink does not call).

/** Read-only view of the deployment environment. */
export interface EnvLookup {
  get(name: string): string | undefined;
}

export interface ExpandedVar {
  name: string;
  /** True when the variable was unset and the `${NAME:-default}` default was used. */
  defaulted: boolean;
}

export type ExpandResult =
  | { ok: true; value: string; vars: ExpandedVar[] }
  | { ok: false; message: string; variable: string };

/** One piece of a string as shellexpand's scanner sees it. */
export type ShellSegment =
  | { kind: "text"; text: string }
  | {
      kind: "var";
      name: string;
      /** The text after `:-`, when the braced form has one. */
      defaultValue?: string;
      braced: boolean;
      /** The source text of the reference, e.g. `${A:-x}` or `$A`. */
      raw: string;
    };

/** An environment built from a plain object or a Map. */
export function envFrom(vars: Record<string, string> | Map<string, string>): EnvLookup {
  if (vars instanceof Map) {
    return { get: (name) => vars.get(name) };
  }
  return {
    get: (name) => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined),
  };
}

/** An environment in which no variable is set. */
export const EMPTY_ENV: EnvLookup = { get: () => undefined };

const VAR_NAME_CHAR = /^[\p{Alphabetic}\p{N}_]$/u;

/** Rust's `c.is_alphanumeric() || c == '_'`, the set of characters a bare `$NAME` takes. */
export function isVarNameChar(ch: string): boolean {
  return VAR_NAME_CHAR.test(ch);
}

/**
 * Splits a string into literal text and variable references, exactly where shellexpand would.
 * The split does not depend on the environment.
 */
export function scanShell(input: string): ShellSegment[] {
  const out: ShellSegment[] = [];
  let text = "";
  // A `${` after the last `}` can never close: knowing where that is keeps a string of many
  // unclosed `${` linear (each one would otherwise search the whole rest of the string).
  const lastClose = input.lastIndexOf("}");
  let pos = 0;
  for (;;) {
    const dollar = input.indexOf("$", pos);
    if (dollar < 0) {
      text += input.slice(pos);
      break;
    }
    text += input.slice(pos, dollar);
    pos = dollar;
    // input[pos] is `$`.
    const next = pos + 1 < input.length ? String.fromCodePoint(input.codePointAt(pos + 1)!) : undefined;
    if (next === "{") {
      const close = lastClose > pos ? input.indexOf("}", pos + 2) : -1;
      if (close < 0) {
        text += "${";
        pos += 2;
        continue;
      }
      // Searched within this reference only, so the search never runs past its `}`.
      const inner = input.slice(pos, close).indexOf(":-");
      const split = inner < 0 ? -1 : pos + inner;
      let name: string;
      let defaultValue: string | undefined;
      if (split >= 0 && split !== pos + 2) {
        name = input.slice(pos + 2, split);
        defaultValue = input.slice(split + 2, close);
      } else {
        name = input.slice(pos + 2, close);
      }
      if (text) out.push({ kind: "text", text });
      text = "";
      const seg: ShellSegment = { kind: "var", name, braced: true, raw: input.slice(pos, close + 1) };
      if (defaultValue !== undefined) seg.defaultValue = defaultValue;
      out.push(seg);
      pos = close + 1;
    } else if (next !== undefined && isVarNameChar(next)) {
      let end = pos + 1;
      while (end < input.length) {
        const ch = String.fromCodePoint(input.codePointAt(end)!);
        if (!isVarNameChar(ch)) break;
        end += ch.length;
      }
      if (text) out.push({ kind: "text", text });
      text = "";
      out.push({ kind: "var", name: input.slice(pos + 1, end), braced: false, raw: input.slice(pos, end) });
      pos = end;
    } else {
      text += "$";
      pos += next === "$" ? 2 : 1;
    }
  }
  if (text) out.push({ kind: "text", text });
  return out;
}

/** Looks a name up the way `std::env::var` would: an empty name or one with NUL is never set. */
function lookup(env: EnvLookup, name: string): string | undefined {
  if (name === "" || name.includes("\0")) return undefined;
  return env.get(name);
}

export function envNotFoundMessage(name: string): string {
  return `error looking key '${name}' up: environment variable not found`;
}

/** `shellexpand::env(input)` against the given environment. */
export function shellExpand(input: string, env: EnvLookup): ExpandResult {
  let value = "";
  const vars: ExpandedVar[] = [];
  for (const seg of scanShell(input)) {
    if (seg.kind === "text") {
      value += seg.text;
      continue;
    }
    const found = lookup(env, seg.name);
    if (found !== undefined) {
      value += found;
      vars.push({ name: seg.name, defaulted: false });
    } else if (seg.defaultValue !== undefined) {
      value += seg.defaultValue;
      vars.push({ name: seg.name, defaulted: true });
    } else {
      return { ok: false, message: envNotFoundMessage(seg.name), variable: seg.name };
    }
  }
  return { ok: true, value, vars };
}

/**
 * True when shellexpand would look a variable up in this string (`$NAME` or `${...}`).
 * A string whose only `$` is `$$` (which becomes `$`) or a lone `$` gives false.
 */
export function hasExpansion(input: string): boolean {
  return scanShell(input).some((s) => s.kind === "var");
}

/** The names of the variables the string refers to, in order, with repeats. */
export function referencedVars(input: string): string[] {
  const names: string[] = [];
  for (const s of scanShell(input)) if (s.kind === "var") names.push(s.name);
  return names;
}
