// The settings file's glob lists (ignore, deployments, tlsProxies files, overrides files), matched
// as picomatch(globs, { dot: true }) matches them, and built once per settings file. A directory of
// n configs under a settings file of n overrides or deployments tried every list for every config:
// the lists that only spell paths are looked up by path instead, and the globs of one list are one
// regular expression. test/globs.test.ts holds both to picomatch's own answers.
import picomatch from "picomatch";

const OPTIONS = { dot: true };

/** A glob picomatch matches only against the path it spells: plain names, no `.` or `..` segment. */
const LITERAL = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

export function isLiteralGlob(glob: string): boolean {
  return LITERAL.test(glob);
}

/** One list of globs: a path matches when any glob does, as picomatch's matcher for the list says. */
export function globList(globs: readonly string[]): (path: string) => boolean {
  // picomatch matches a path equal to a glob as written before it tries the glob's expression.
  const spelled = new Set(globs);
  const patterns = globs.filter((g) => !isLiteralGlob(g));
  if (patterns.length === 0) return (path) => path !== "" && spelled.has(path);
  const res = patterns.map((g) => picomatch.makeRe(g, OPTIONS));
  if (res.some((re) => re.flags !== "")) {
    const each = picomatch([...globs], OPTIONS);
    return (path) => each(path);
  }
  const one = new RegExp(`^(?:${res.map((re) => `(?:${re.source})`).join("|")})`);
  return (path) => path !== "" && (spelled.has(path) || one.test(path));
}

/**
 * Numbered glob lists (entry i's globs, or undefined for an entry that names no files and so applies
 * everywhere): which entries a path matches, in order. Entries whose globs all spell paths are found
 * by the path; only the others are tried.
 */
export class GlobIndex {
  private readonly byPath = new Map<string, number[]>();
  private readonly tried: { index: number; matches: (path: string) => boolean }[] = [];
  private readonly always: number[] = [];

  constructor(lists: readonly (readonly string[] | undefined)[]) {
    lists.forEach((globs, index) => {
      if (globs === undefined) {
        this.always.push(index);
        return;
      }
      if (globs.every(isLiteralGlob)) {
        for (const g of new Set(globs)) {
          const at = this.byPath.get(g);
          if (at) at.push(index);
          else this.byPath.set(g, [index]);
        }
      } else this.tried.push({ index, matches: globList(globs) });
    });
  }

  /** The entries `path` matches (those without globs included), in increasing order. */
  matching(path: string): number[] {
    const out = this.always.slice();
    if (path !== "") for (const i of this.byPath.get(path) ?? []) out.push(i);
    for (const t of this.tried) if (t.matches(path)) out.push(t.index);
    return out.sort((a, b) => a - b);
  }
}
