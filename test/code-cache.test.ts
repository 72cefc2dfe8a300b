// The code cache: recorded by scripts/warm-cache.mjs, used by bin/load-bundle.js only when it was made
// for the same bundle, Node and architecture and is intact; otherwise ignored, with the same results.
// Each case works on a copy of dist/cli.cjs in a temporary directory, in a child process.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const loader = join(root, "bin/load-bundle.js");
// A worker API open to the network without mTLS: an error under the default production profile.
const config = '{ stores: [], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "MAIN" } } }] }';

function freshDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "nlp-cache-"));
  copyFileSync(join(root, "dist/cli.cjs"), join(dir, "cli.cjs"));
  writeFileSync(join(dir, "c.json5"), config);
  return dir;
}

function warm(dist: string, ...nodeArgs: string[]) {
  return spawnSync(process.execPath, [...nodeArgs, join(root, "scripts/warm-cache.mjs"), "--dist", dist], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
}

/** Loads the CLI from `dist` as the launcher does, checks c.json5 there, and prints the cache status. */
function lint(dist: string, { nodeArgs = [] as string[], env = {} as Record<string, string> } = {}) {
  const script = `import { loadCli } from ${JSON.stringify(loader)};
const r = loadCli({ dist: ${JSON.stringify(dist)} });
let out = "";
const code = await r.exports.run({ argv: ["--format", "json", "c.json5"], env: {}, cwd: ${JSON.stringify(dist)}, stdout: (s) => (out += s), stderr: (s) => (out += s), isTTY: false });
process.stdout.write(JSON.stringify({ cache: r.cache, code, out }));`;
  const r = spawnSync(process.execPath, [...nodeArgs, "--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "", ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cache: string; code: number; out: string };
}

const cacheOf = (dist: string) => join(dist, "cli.cjs.cache");
function rewriteHeader(dist: string, edit: (h: Record<string, unknown>) => void) {
  const bytes = readFileSync(cacheOf(dist));
  const nl = bytes.indexOf(10);
  const h = JSON.parse(bytes.subarray(0, nl).toString());
  edit(h);
  writeFileSync(cacheOf(dist), Buffer.concat([Buffer.from(JSON.stringify(h) + "\n"), bytes.subarray(nl + 1)]));
}

describe("code cache", { timeout: 60_000 }, () => {
  let expected: { code: number; out: string };
  let warmed: string;
  beforeAll(() => {
    const plain = freshDist();
    const r = lint(plain);
    expect(r.cache).toBe("absent");
    expected = { code: r.code, out: r.out };
    warmed = freshDist();
    const w = warm(warmed);
    expect(w.status, w.stderr).toBe(0);
    expect(w.stderr).toBe("");
  });

  it("is absent until recorded, and the results do not depend on it", () => {
    expect(expected.code).toBe(1);
    expect(JSON.parse(expected.out).findings.length).toBeGreaterThan(0);
  });

  it("is accepted by the same Node for the same bundle, with identical results", () => {
    const r = lint(warmed);
    expect(r.cache).toBe("accepted");
    expect({ code: r.code, out: r.out }).toEqual(expected);
  });

  it("is ignored for another bundle, even one of the same length under the same first line", () => {
    const text = readFileSync(join(root, "dist/cli.cjs"), "utf8");
    const nl = text.indexOf("\n");
    const otherId = text.replace(/^(\/\/ nativelink-preflight bundle )[0-9a-f]{4}/, "$10000");
    const sameIdOtherBody = text.slice(0, nl + 1) + text.slice(nl + 1).replace("do not edit.", "do not EDIT.");
    for (const changed of [otherId, sameIdOtherBody]) {
      expect(changed.length).toBe(text.length);
      expect(changed).not.toBe(text);
      const dist = freshDist();
      copyFileSync(cacheOf(warmed), cacheOf(dist));
      writeFileSync(join(dist, "cli.cjs"), changed);
      expect(lint(dist)).toEqual({ cache: "stale", ...expected });
    }
  });

  it("is ignored when made by another Node version or for another architecture", () => {
    for (const edit of [(h: Record<string, unknown>) => (h.node = "v0.0.1"), (h: Record<string, unknown>) => (h.arch = "sparc")]) {
      const dist = freshDist();
      copyFileSync(cacheOf(warmed), cacheOf(dist));
      rewriteHeader(dist, edit);
      expect(lint(dist)).toEqual({ cache: "other-node", ...expected });
    }
  });

  it("is ignored when damaged: a changed byte, a truncated file, garbage, an empty file", () => {
    const good = readFileSync(cacheOf(warmed));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] ^= 0xff;
    for (const bytes of [flipped, good.subarray(0, good.length - 1000), Buffer.from("\x00garbage\n".repeat(100)), Buffer.alloc(0)]) {
      const dist = freshDist();
      writeFileSync(cacheOf(dist), bytes);
      expect(lint(dist)).toEqual({ cache: "damaged", ...expected });
    }
  });

  it("is not read when it is not a regular file: a FIFO in its place does not block the CLI", () => {
    const dist = freshDist();
    expect(spawnSync("mkfifo", [cacheOf(dist)]).status).toBe(0);
    expect(lint(dist)).toEqual({ cache: "damaged", ...expected });
    const dir = freshDist();
    mkdirSync(cacheOf(dir));
    expect(lint(dir)).toEqual({ cache: "damaged", ...expected });
  });

  it("is refused by V8 itself when Node runs with other V8 flags, and the CLI still works", () => {
    expect(lint(warmed, { nodeArgs: ["--no-opt"] })).toEqual({ cache: "rejected", ...expected });
  });

  it("is not used when NATIVELINK_PREFLIGHT_NO_CODE_CACHE is set", () => {
    expect(lint(warmed, { env: { NATIVELINK_PREFLIGHT_NO_CODE_CACHE: "1" } })).toEqual({ cache: "off", ...expected });
  });

  it("loading and checking write nothing: the directory is as the warm-up left it", () => {
    const before = readdirSync(warmed).map((f) => [f, statSync(join(warmed, f)).mtimeMs]);
    lint(warmed);
    expect(readdirSync(warmed).map((f) => [f, statSync(join(warmed, f)).mtimeMs])).toEqual(before);
  });

  it("a warm-up that cannot write its cache warns and still exits 0, so an install never fails on it", () => {
    const dist = freshDist();
    mkdirSync(join(cacheOf(dist), "in-the-way"), { recursive: true }); // rename onto a non-empty directory fails, even for root
    const w = warm(dist);
    expect(w.status).toBe(0);
    expect(w.stderr).toMatch(/no code cache recorded .*the tool works, it only starts slower/);
    expect(readdirSync(dist).sort()).toEqual(["c.json5", "cli.cjs", "cli.cjs.cache"]);
    expect(warm(join(tmpdir(), "nlp-no-such-dir")).status).toBe(0);
  });

  it("a launcher whose bundle is missing says so and exits 3, without a stack trace", () => {
    const pkg = mkdtempSync(join(tmpdir(), "nlp-broken-"));
    mkdirSync(join(pkg, "bin"));
    mkdirSync(join(pkg, "dist"));
    for (const f of ["nativelink-preflight.js", "load-bundle.js"]) copyFileSync(join(root, "bin", f), join(pkg, "bin", f));
    writeFileSync(join(pkg, "package.json"), '{ "type": "module" }');
    const r = spawnSync(process.execPath, [join(pkg, "bin/nativelink-preflight.js"), "c.json5"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^nativelink-preflight: cannot load the bundled CLI \(ENOENT[^\n]*\); reinstall the package\n$/);
  });

  it("the launcher reports the cache's fate under NATIVELINK_PREFLIGHT_DEBUG", () => {
    const r = spawnSync(process.execPath, [join(root, "bin/nativelink-preflight.js"), "--version"], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "", NATIVELINK_PREFLIGHT_DEBUG: "1" } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^nativelink-preflight: code cache (accepted|rejected|absent|stale|other-node|damaged|off)\n$/);
  });
});
