// The directory the throughput benchmark checks in one run: copies of the official v1.6.6 configs
// (test/fixtures/corpus) and of the mTLS example with its certificates (when `npm run example` made
// them), each copy in a directory of its own so that it is its own deployment, in a fresh git
// repository with every file committed (so the check of tracked keys asks a real git).
import { cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, relative } from "node:path";

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.json5?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Fills `target` with about `count` configs; returns how many it wrote. */
export function makeCorpus(root, target, count) {
  const official = join(root, "test/fixtures/corpus/official-v1.6.6");
  const files = walk(official);
  const mtls = join(root, "examples/mtls");
  let certs = false;
  try {
    certs = statSync(join(mtls, "certs")).isDirectory();
  } catch {}
  let written = 0;
  for (let copy = 0; written < count; copy++) {
    const base = join(target, `copy-${String(copy).padStart(3, "0")}`);
    for (const f of files) {
      if (written >= count) break;
      const to = join(base, relative(official, f));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(f, to);
      written++;
    }
    if (certs && written + 3 <= count) {
      const to = join(base, "mtls");
      cpSync(join(mtls, "certs"), join(to, "certs"), { recursive: true });
      for (const c of ["scheduler.json5", "cas.json5", "worker.json5"]) cpSync(join(mtls, c), join(to, c));
      written += 3;
    }
  }
  writeFileSync(join(target, ".gitignore"), "");
  const git = (...args) => spawnSync("git", ["-C", target, ...args], { stdio: "ignore", env: { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.invalid", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.invalid" } });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "corpus");
  return written;
}
