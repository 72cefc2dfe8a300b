// Which texts NativeLink v1.6.6 really prints, for the replays' check of every finding's `nativelink`
// field: the loader's own message for a config (from the verdict file or the corpus index), and the
// startup and connection failures of the catalog (test/fixtures/reference/nativelink-1.6.6-errors.md).
import { readFileSync } from "node:fs";

const CATALOG = new URL("../fixtures/reference/nativelink-1.6.6-errors.md", import.meta.url);

/** The catalog's categories of errors NativeLink's loader raises while reading the config. */
const LOAD_CATEGORIES = new Set(["parse", "schema", "value-format"]);
/**
 * Entries filed under a load category that the catalog's "Order of checks" places after parsing:
 * check_store_conflict runs once the document is read, and the chunking range check is the CAS and
 * Capabilities services' constructor. NativeLink prints them for configs its loader accepts.
 */
const AFTER_LOAD = new Set(["cas-ac-same-store", "chunking-avg-size-range"]);

export interface CatalogEntry {
  slug: string;
  category: string;
  /** One pattern per verbatim piece of the message template. */
  pieces: RegExp[];
}

/** Reads the catalog's entries: slug, category and the verbatim pieces (``…`` spans) of each message. */
export function readCatalog(): CatalogEntry[] {
  const text = readFileSync(CATALOG, "utf8");
  const out: CatalogEntry[] = [];
  const blocks = text.split(/\n- \*\*`/).slice(1);
  for (const b of blocks) {
    const slug = b.slice(0, b.indexOf("`"));
    const message = /\n {2}message: (.*)/.exec(b)?.[1] ?? "";
    const category = /\n {2}category: ([a-z-]+)/.exec(b)?.[1] ?? "";
    const pieces = [...message.matchAll(/`` (.+?) ``/g)].flatMap((m) => piecePatterns(m[1] ?? ""));
    out.push({ slug, category, pieces });
  }
  return out;
}

/**
 * The patterns for one verbatim piece. A piece that is only a placeholder (`<redis error>`) would
 * match any text, so it stands for its example when it gives one (`<io error, e.g. No such file or
 * directory (os error 2)>`), and an I/O error piece for any Rust I/O error text (`… (os error N)`).
 */
function piecePatterns(template: string): RegExp[] {
  const literal = template.replace(/\{[^{}]*\}|<[^<>]*>|\.\.\.|\[\.\.[^\]]*\]/g, "").replace(/[^A-Za-z]/g, "");
  if (literal.length >= 3) return [templateToRegExp(template)];
  const out: RegExp[] = [];
  const example = /e\.g\. ([^<>]+)>/.exec(template)?.[1];
  if (example) out.push(templateToRegExp(example.replace(/[{}]/g, "")));
  if (/\bio error\b/i.test(template)) out.push(/^[A-Z][^\n]* \(os error \d+\)$/);
  return out;
}

/**
 * A catalog template as a whole-string pattern: `{name}` stands for any text, `<what>` for any text
 * but none, `...` and `[..]` for any text or none; the `line L, column C - ` prefix is left off, as
 * the replays' messages have it.
 */
export function templateToRegExp(template: string): RegExp {
  const t = template.replace(/^line \{?L\}?, column \{?C\}? - /, "").replace(/^line \d+, column \d+ - /, "");
  let re = "";
  let i = 0;
  while (i < t.length) {
    const rest = t.slice(i);
    const hole = /^(\{[^{}]*\}|<[^<>]*>)/.exec(rest);
    if (hole) {
      // A config value ({cert_file}) may be empty; an error text (<io error>) is not.
      re += hole[0].startsWith("{") ? "[\\s\\S]*" : "[\\s\\S]+";
      i += hole[0].length;
      continue;
    }
    const gap = /^(\.\.\.|\[\.\.[^\]]*\])/.exec(rest);
    if (gap) {
      re += "[\\s\\S]*";
      i += gap[0].length;
      continue;
    }
    re += t.charAt(i).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    i++;
  }
  return new RegExp(`^${re}$`);
}

/** Runs of white space as one space: the corpus index stores multi-line messages on one line. */
export function squash(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** NativeLink's loader message without its `Kind: ` prefix (`InvalidArgument: `), as the replays compare it. */
export function loaderMessage(message: string): string {
  return message.replace(/^[A-Za-z]+: /, "");
}

/**
 * The messages of NativeLink's Debug form `Error { code: X, messages: ["a", "b"] }`, innermost
 * first, or undefined when the text is not in that form.
 */
export function errorChain(text: string): string[] | undefined {
  const s = /^Error \{ code: [A-Za-z]+, messages: \[(.*)\] \}$/s.exec(text)?.[1];
  if (s === undefined) return undefined;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '"') return undefined;
    let j = i + 1;
    let cur = "";
    while (j < s.length && s[j] !== '"') {
      if (s[j] === "\\") {
        cur += s.charAt(j + 1);
        j += 2;
      } else cur += s.charAt(j++);
    }
    out.push(cur);
    i = j + 1;
    if (s.startsWith(", ", i)) i += 2;
    else if (i < s.length) return undefined;
  }
  return out;
}

export class NativelinkTexts {
  private startup: RegExp[];
  constructor(entries: CatalogEntry[] = readCatalog()) {
    this.startup = entries.filter((e) => !LOAD_CATEGORIES.has(e.category) || AFTER_LOAD.has(e.slug)).flatMap((e) => e.pieces);
  }

  /**
   * Whether NativeLink prints `text` for a config whose loader message is `own` (undefined when the
   * loader accepts it): the loader's message itself, or a startup or connection failure of the
   * catalog, either alone or as NativeLink's `Error { code, messages }` chain of such pieces.
   */
  prints(text: string, own: string | undefined): boolean {
    if (own !== undefined && squash(text) === squash(own)) return true;
    const chain = errorChain(text);
    if (chain) return chain.length > 0 && chain.every((m) => this.prints(m, own));
    return this.startup.some((re) => re.test(text));
  }
}
