// The target host's environment file is data to check, never Node's own environment. Node reads a file
// named by --env-file anywhere on its command line (NODE_OPTIONS in it included) before the tool starts,
// so the option is --target-env-file, and each entry point is run here with an env file whose
// NODE_OPTIONS would make Node run a script that writes a marker: the marker must never appear, and the
// value must show up only as the target's, in the finding about the config that uses it.
//
// Other Nodes: set NLP_TEST_NODES to a colon-separated list of node binaries (see test/launcher.test.ts).
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli.ts";

const root = new URL("../..", import.meta.url).pathname;
const bin = join(root, "bin/nativelink-preflight.js");
const nodes = [process.execPath, ...(process.env.NLP_TEST_NODES ?? "").split(":").filter(Boolean)];

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "nlp-target-env-"));
  const marker = join(dir, "MARKER");
  const payload = join(dir, "payload.cjs");
  writeFileSync(payload, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
  writeFileSync(join(dir, "evil.env"), `NODE_OPTIONS="--require ${payload}"\n`);
  // The variable is used where its value is reported: an endpoint address NativeLink cannot parse.
  writeFileSync(join(dir, "c.json5"), '{ stores: [{ name: "S", grpc: { instance_name: "main", endpoints: [{ address: "${NODE_OPTIONS}" }], store_type: "cas" } }], servers: [] }\n');
  return { dir, marker, payload };
}

/** Checked against the target's environment: exit 1, the value quoted as the endpoint's, nothing run. */
function expectTargetOnly(r: SpawnSyncReturns<string>, f: ReturnType<typeof fixture>, out = r.stdout) {
  expect(existsSync(f.marker), "the env file's NODE_OPTIONS ran code").toBe(false);
  expect(out).toContain(`"--require ${f.payload}" is not a URI NativeLink can parse`);
  expect(r.status, r.stderr).toBe(1);
}

const missingMessage = (dir: string) => `nativelink-preflight: --target-env-file: cannot read ${join(dir, "nope.env")}: no such file\n`;

describe("--env-file, Node's own option, is refused with the name to use", () => {
  for (const argv of [["--env-file", "prod.env"], ["--env-file=prod.env"], ["--env-file-if-exists", "prod.env"], ["c.json5", "--env-file", "prod.env"]]) {
    it(argv.join(" "), async () => {
      let stderr = "";
      const code = await run({ argv, env: {}, cwd: tmpdir(), stdout: () => {}, stderr: (s) => void (stderr += s), isTTY: false });
      expect(code).toBe(2);
      expect(stderr.split("\n")[0]).toBe(
        `nativelink-preflight: ${argv.find((a) => a.startsWith("--env-file"))!.replace(/=.*/, "")} is Node.js's own option: Node reads that file as its own environment (and runs what NODE_OPTIONS in it names) before this tool starts. Name the target host's environment with --target-env-file FILE`,
      );
    });
  }
  it("but a config file after -- may have that name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-dd-"));
    writeFileSync(join(dir, "--env-file=x.json5"), '{ stores: [{ name: "CAS", memory: {} }], servers: [] }');
    let out = "";
    const code = await run({ argv: ["--format", "json", "--", "--env-file=x.json5"], env: {}, cwd: dir, stdout: (s) => void (out += s), stderr: (s) => void (out += s), isTTY: false });
    expect(JSON.parse(out).summary).toMatchObject({ files: 1, errors: 0 });
    expect(code).toBe(0);
  });
});

describe.each(nodes)("--target-env-file with node %s", (node) => {
  it("the bin run by node: the env file's NODE_OPTIONS is only the target's", () => {
    const f = fixture();
    expectTargetOnly(spawnSync(node, [bin, "--target-env-file", "evil.env", "c.json5"], { cwd: f.dir, encoding: "utf8", timeout: 60_000 }), f);
  });

  it("a missing env file is the tool's usage error, exit 2", () => {
    const f = fixture();
    const r = spawnSync(node, [bin, "c.json5", "--target-env-file", "nope.env"], { cwd: f.dir, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe(missingMessage(f.dir) + "Run nativelink-preflight --help for usage.\n");
    expect(r.status).toBe(2);
  });
});

describe("installed from the packed tarball (npm, --ignore-scripts)", () => {
  let tarball: string;
  let prefix: string;
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), "nlp-pack-"));
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", out, "--silent"], { cwd: root, stdio: "pipe" });
    tarball = join(out, readdirSync(out).find((n) => n.endsWith(".tgz"))!);
    prefix = join(out, "prefix");
    execFileSync("npm", ["install", "--global", "--prefix", prefix, "--ignore-scripts", "--offline", "--no-audit", "--no-fund", tarball], { stdio: "pipe" });
  }, 180_000);

  it.each(nodes)("the installed bin, started by its shebang with %s first on PATH", (node) => {
    const f = fixture();
    const env = { ...process.env, PATH: dirname(node) + delimiter + (process.env.PATH ?? "") };
    const installed = join(prefix, "bin", "nativelink-preflight");
    expectTargetOnly(spawnSync(installed, ["--target-env-file", "evil.env", "c.json5"], { cwd: f.dir, env, encoding: "utf8", timeout: 60_000 }), f);
    const missing = spawnSync(installed, ["c.json5", "--target-env-file", "nope.env"], { cwd: f.dir, env, encoding: "utf8", timeout: 60_000 });
    expect((missing.stderr.split("\n")[0] ?? "") + "\n").toBe(missingMessage(f.dir));
    expect(missing.status).toBe(2);
  });

  it("npx (npm exec) of the tarball", { timeout: 180_000 }, () => {
    const f = fixture();
    const env = { ...process.env, npm_config_cache: join(f.dir, "npm-cache") };
    const r = spawnSync("npm", ["exec", "--yes", "--offline", `--package=${tarball}`, "--", "nativelink-preflight", "--target-env-file", "evil.env", "c.json5"], { cwd: f.dir, env, encoding: "utf8", timeout: 180_000 });
    expectTargetOnly(r, f);
  });
});

describe("the Action's env-file input", () => {
  it("is read as the target's environment, never Node's", () => {
    const f = fixture();
    const out = join(f.dir, "github_output");
    writeFileSync(out, "");
    const env = { PATH: process.env.PATH ?? "", GITHUB_WORKSPACE: f.dir, GITHUB_OUTPUT: out, INPUT_FILES: "c.json5", "INPUT_ENV-FILE": "evil.env", "INPUT_SARIF-FILE": "out.sarif" };
    const r = spawnSync(process.execPath, [join(root, "dist/action.js")], { cwd: tmpdir(), env, encoding: "utf8", timeout: 60_000 });
    expectTargetOnly(r, f);
    expect(readFileSync(out, "utf8")).toMatch(/^errors<<\S+\n1\n/m);
  });

  it("a missing env file is an annotation naming the input, exit 2", () => {
    const f = fixture();
    const env = { PATH: process.env.PATH ?? "", GITHUB_WORKSPACE: f.dir, INPUT_FILES: "c.json5", "INPUT_ENV-FILE": "nope.env" };
    const r = spawnSync(process.execPath, [join(root, "dist/action.js")], { cwd: tmpdir(), env, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout).toBe(`::error title=nativelink-preflight::the env-file input: cannot read ${join(f.dir, "nope.env")}: no such file\n`);
    expect(r.status).toBe(2);
  });
});
