// Every file the tool is told to read is read bounded and only if it is a regular file: a FIFO, a device,
// a huge sparse file, a directory, a symlink loop, an unreadable file or a kernel pseudo-file is
// answered with a located finding or a usage error, never a hang or an unbounded read. Each kind is
// tried through each way a file reaches the tool, with the real entry points (the bin, the Action's
// entry) in child processes; the generous kill timeout is the failure signal for a hang.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** A finding as --format json prints it (the fields these tests read). */
interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

const root = new URL("../..", import.meta.url).pathname;
const bin = join(root, "bin/nativelink-preflight.js");
const KILL_AFTER = 15_000;
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync("setpriv", ["--version"]).status === 0;
const GOOD = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }\n';
const HUGE = 3 * 1024 * 1024 * 1024;

interface Kind {
  name: string;
  /** Makes the hostile file in `dir`, or names a system one; undefined when this machine has none. */
  make: (dir: string) => string | undefined;
  /** What the env-file reader says about it. */
  env: string;
  /** What the config reader says about it (settings files given with -c or found, configs). */
  config: string;
  /** Run as uid 65534 (root reads any file). */
  dropPrivileges?: boolean;
}

const kinds: Kind[] = [
  {
    name: "FIFO",
    make: (dir) => (execFileSync("mkfifo", [join(dir, "fifo")]), join(dir, "fifo")),
    env: "a FIFO, not a regular file; it was not read",
    config: "the config path is a FIFO, not a regular file; it was not read",
  },
  { name: "/dev/zero", make: () => "/dev/zero", env: "a character device, not a regular file; it was not read", config: "the config path is a character device, not a regular file; it was not read" },
  { name: "/dev/urandom", make: () => "/dev/urandom", env: "a character device, not a regular file; it was not read", config: "the config path is a character device, not a regular file; it was not read" },
  {
    name: "3 GB sparse file",
    make: (dir) => {
      const p = join(dir, "huge");
      const fd = openSync(p, "w");
      ftruncateSync(fd, HUGE);
      closeSync(fd);
      return p;
    },
    env: `${HUGE} bytes, over the 1048576-byte limit; it was not read`,
    config: `the config file is ${HUGE} bytes, over the 8388608-byte limit for a config; it was not parsed`,
  },
  { name: "directory", make: (dir) => (mkdirSync(join(dir, "adir")), join(dir, "adir")), env: "a directory, not a file", config: "the config path is a directory" },
  {
    name: "symlink loop",
    make: (dir) => {
      symlinkSync(join(dir, "loop-b"), join(dir, "loop-a"));
      symlinkSync(join(dir, "loop-a"), join(dir, "loop-b"));
      return join(dir, "loop-a");
    },
    env: "too many levels of symbolic links (a symlink loop)",
    config: "cannot read the config file: too many levels of symbolic links (a symlink loop)",
  },
  {
    name: "unreadable file",
    make: (dir) => {
      const p = join(dir, "secret");
      writeFileSync(p, "A=1\n", { mode: 0o600 });
      if (!isRoot) chmodSync(p, 0);
      return p;
    },
    env: "permission denied",
    config: "cannot read the config file: permission denied",
    dropPrivileges: true,
  },
  {
    name: "/proc/kmsg",
    make: () => (existsSync("/proc/kmsg") ? "/proc/kmsg" : undefined),
    // Root reads the kernel log (a pseudo-file of size 0); anyone else is refused.
    env: isRoot ? "a kernel pseudo-file (its size is 0 but it has content), not a regular file; it was not read" : "permission denied",
    config: isRoot ? "the config path is a kernel pseudo-file (its size is 0 but it has content), not a regular file; it was not read" : "cannot read the config file: permission denied",
  },
];

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "nlp-hostile-"));
  // Usable by the unprivileged user the "unreadable" case runs as (the Action writes its SARIF here).
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, "good.json5"), GOOD);
  return dir;
}

/** Runs `argv` (node and its arguments) in `cwd`, as uid 65534 when asked and running as root. */
function spawn(argv: string[], cwd: string, env: Record<string, string>, drop: boolean | undefined) {
  const cmd = drop && isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv] : argv;
  const [exe = "", ...args] = cmd;
  const r = spawnSync(exe, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: KILL_AFTER });
  expect(r.signal, "killed: the run hung").toBeNull();
  return r;
}

const cli = (argv: string[], cwd: string, drop?: boolean) => spawn([process.execPath, bin, ...argv], cwd, { NO_COLOR: "1" }, drop);

function action(inputs: Record<string, string>, ws: string, drop?: boolean) {
  const env: Record<string, string> = { GITHUB_WORKSPACE: ws };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return spawn([process.execPath, join(root, "dist/action.js")], tmpdir(), env, drop);
}

describe.each(kinds)("$name", (kind) => {
  const probe = workspace();
  const available = kind.make(probe) !== undefined && (!kind.dropPrivileges || !isRoot || hasSetpriv);
  if (!available) console.warn(`SKIPPED: hostile file "${kind.name}" (not available here${kind.dropPrivileges ? ", or setpriv is missing to drop root" : ""})`);
  const opts = { timeout: KILL_AFTER + 10_000 };

  it.runIf(available)("--target-env-file: a usage error, exit 2", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    const r = cli(["--target-env-file", file, "good.json5"], dir, kind.dropPrivileges);
    expect(r.stderr).toBe(`nativelink-preflight: --target-env-file: cannot read ${file}: ${kind.env}\nRun nativelink-preflight --help for usage.\n`);
    expect(r.status).toBe(2);
  });

  it.runIf(available)("envFiles in the settings file: a finding at the entry, exit 1", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    writeFileSync(join(dir, ".nativelink-preflight.json5"), `{\n  envFiles: [${JSON.stringify(file)}],\n}\n`);
    const r = cli(["--format", "json", "good.json5"], dir, kind.dropPrivileges);
    expect(r.stderr).toBe("");
    const findings = JSON.parse(r.stdout).findings.map((f: JsonFinding) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([`.nativelink-preflight.json5:2:14 preflight-config env file ${JSON.stringify(file)} cannot be used: ${kind.env}`]);
    expect(r.status).toBe(1);
  });

  it.runIf(available)("-c: a finding on the settings file, exit 1", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    const r = cli(["--format", "json", "-c", file, "good.json5"], dir, kind.dropPrivileges);
    expect(r.stderr).toBe("");
    const findings = JSON.parse(r.stdout).findings.map((f: JsonFinding) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([`1:1 preflight-config ${kind.config}`]);
    expect(r.status).toBe(1);
  });

  it.runIf(available)("a config operand: a finding on it, exit 1", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    if (kind.name === "directory") return; // a directory operand is walked for configs, as documented
    const r = cli(["--format", "json", file], dir, kind.dropPrivileges);
    expect(r.stderr).toBe("");
    const findings = JSON.parse(r.stdout).findings.map((f: JsonFinding) => `${f.line}:${f.column} ${f.message}`);
    expect(findings).toEqual([`1:1 ${kind.config}`]);
    expect(r.status).toBe(1);
  });

  it.runIf(available)("the Action's env-file input: an annotation, exit 2", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    const r = action({ files: "good.json5", "env-file": file }, dir, kind.dropPrivileges);
    expect(r.stdout).toBe(`::error title=nativelink-preflight::the env-file input: cannot read ${file}: ${kind.env}\n`);
    expect(r.status).toBe(2);
  });

  it.runIf(available)("the Action's config input: an annotation on the settings file, exit 1", opts, () => {
    const dir = workspace();
    const file = kind.make(dir)!;
    const r = action({ files: "good.json5", config: file, "sarif-file": "out.sarif" }, dir, kind.dropPrivileges);
    expect(r.stdout).toContain(kind.config);
    expect(r.stdout).toMatch(/^::error /m);
    expect(r.status).toBe(1);
  });
});

describe("env files named in overrides", () => {
  it("are checked like the top-level ones, each at its own place", { timeout: KILL_AFTER + 10_000 }, () => {
    const dir = workspace();
    writeFileSync(join(dir, ".nativelink-preflight.json5"), `{\n  overrides: [{ files: ["*.json5"], envFiles: ["/dev/zero", "missing.env"] }],\n}\n`);
    const r = cli(["--format", "json", "good.json5"], dir);
    const findings = JSON.parse(r.stdout).findings.map((f: JsonFinding) => `${f.line}:${f.column} ${f.message}`);
    expect(findings).toEqual([
      '2:48 env file "/dev/zero" cannot be used: a character device, not a regular file; it was not read',
      '2:61 env file "missing.env" does not exist (paths are relative to this file)',
    ]);
    expect(r.status).toBe(1);
  });
});
