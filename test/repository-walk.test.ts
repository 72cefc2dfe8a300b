// The search for the repository of each key file's directory (src/host-facts.ts repositoryTop,
// RepositoryWalk): the same answer as resolving and searching each directory on its own, over
// generated trees of links, files and odd spellings; and the file system asked about each directory
// once, not once per directory below it (counted through a wrapped node:fs, never timed).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { repositoryTop, RepositoryWalk } from "../src/host-facts.ts";
import { seeded } from "./helpers/seeded.ts";

/** Characters of the paths the search gives node:fs; realpathSync looks at every component of its path. */
const asked = { chars: 0 };
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const components = (p: string) => p.split("/").length;
  return {
    ...real,
    existsSync: (p: string) => ((asked.chars += p.length), real.existsSync(p)),
    lstatSync: ((p: string, o?: object) => ((asked.chars += p.length), real.lstatSync(p, o))) as typeof real.lstatSync,
    realpathSync: Object.assign((p: string, o?: object) => ((asked.chars += p.length * components(p)), real.realpathSync(p, o as never)), real.realpathSync),
  };
});

/** repositoryTop as it was: each directory resolved whole, then searched up to the root. */
function repositoryTopAlone(dir: string): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return undefined;
  }
  for (let d = real; ; ) {
    if (fs.existsSync(join(d, ".git"))) return `${d}\0${real}`;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

describe("repositoryTop with a shared walk", () => {
  it("answers as each directory resolved and searched alone, over 200 generated trees", () => {
    const rand = seeded(0x9e7);
    for (let c = 0; c < 200; c++) {
      const root = mkdtempSync(join(tmpdir(), "nlp-walk-"));
      /** Real directories (new entries go in them); every entry made is asked about. */
      const made = [root];
      const dirs = [root];
      // Directories, some holding `.git`, files where directories are expected, links to either and
      // to nothing, loops.
      for (let i = 0; i < 12; i++) {
        const p = join(made[rand(made.length)]!, `d${i}`);
        const kind = rand(10);
        if (kind < 5) {
          mkdirSync(p);
          made.push(p);
          const git = rand(8);
          if (git < 2) mkdirSync(join(p, ".git"));
          else if (git < 3) writeFileSync(join(p, ".git"), "gitdir: elsewhere\n");
        } else if (kind < 6) writeFileSync(p, "x");
        else if (kind < 8) symlinkSync(dirs[rand(dirs.length)]!, p);
        else if (kind < 9) symlinkSync(join(root, "missing"), p);
        else symlinkSync(p, p);
        dirs.push(p);
      }
      const odd = (d: string) => [d, `${d}/`, `${d}/.`, `${d}/..`, d.replace(root, `${root}/`), `${d}/nope`, `${d}/d0`];
      const asks = dirs.flatMap(odd);
      const walk = new RepositoryWalk();
      // In a random order, some twice: what one answer found must not change another.
      for (let k = 0; k < asks.length * 2; k++) {
        const dir = asks[rand(asks.length)]!;
        expect(repositoryTop(dir, walk), dir).toBe(repositoryTopAlone(dir));
      }
    }
  });

  it("a key in each of 400 nested directories: each directory is looked at once", () => {
    const top = mkdtempSync(join(tmpdir(), "nlp-walk-deep-"));
    mkdirSync(join(top, ".git"));
    const dirs: string[] = [];
    for (let i = 0, p = top; i < 400; i++) dirs.push((p = join(p, "a")));
    mkdirSync(dirs[dirs.length - 1]!, { recursive: true });
    const total = dirs.reduce((n, d) => n + d.length, 0);
    asked.chars = 0;
    const walk = new RepositoryWalk();
    const answers = dirs.map((d) => repositoryTop(d, walk));
    expect(answers[399]).toBe(`${top}\0${dirs[399]}`);
    // Before: each directory resolved all its components and searched every directory above it
    // (6.9e7 characters of paths for 400; 3.4e5 now).
    expect(asked.chars).toBeLessThan(10 * total + 100 * top.length * top.split("/").length);
  });
});
