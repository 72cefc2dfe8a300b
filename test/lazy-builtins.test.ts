// A plain check loads only the Node built-ins it needs (issue 16, start-up): node:crypto only when a
// config names TLS files, node:child_process only when git must start, node:net, node:stream and
// node:tty not at all when the report goes to a pipe, a file or /dev/null (src/stdio.ts writes it
// directly, and the bundle's picocolors no longer creates process.stdout to ask whether it is a
// terminal). Node lists the built-in modules it has loaded in process.moduleLoadList.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import { parser, type RunIO } from "../src/cli.ts";
import { genCerts } from "../examples/mtls/gen-certs.ts";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/nativelink-preflight.js");
const mtls = join(root, "examples/mtls");
const PLAIN = '{ stores: [{ name: "S", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ instance_name: "main", cas_store: "S" }] } }] }';

/** Where stdout goes: the socket pair Node gives a child, a shell's pipe (a FIFO), a file, /dev/null. */
type To = "socket" | "fifo" | "file" | "null";

/** Built-in modules (not internal ones) loaded by a run of the CLI, its stdout sent where `stdout` says. */
function builtins(args: string[], cwd: string, stdout: To): { modules: string[]; out: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-"));
  const list = join(dir, "modules.json");
  const probe = join(dir, "probe.cjs");
  writeFileSync(probe, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));`);
  const file = join(dir, "out");
  const redirect = { socket: "", fifo: " | cat", file: ` >${JSON.stringify(file)}`, null: " >/dev/null" }[stdout];
  const quoted = [process.execPath, "-r", probe, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const r = spawnSync("bash", ["-c", `set -o pipefail; ${quoted}${redirect}`], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", CI: "" } });
  expect(r.stderr).toBe("");
  const modules = (JSON.parse(readFileSync(list, "utf8")) as string[]).filter((m) => m.startsWith("NativeModule ") && !m.startsWith("NativeModule internal/")).map((m) => m.slice("NativeModule ".length));
  return { modules, out: stdout === "file" ? readFileSync(file, "utf8") : r.stdout, status: r.status };
}

const NEVER = ["net", "tty", "child_process", "http2", "tls", "dns", "readline", "dgram"];

describe("built-ins a check loads", () => {
  it.each(["socket", "fifo", "file", "null"] as const)("a config without TLS files, report to a %s: none of the heavy ones", (to) => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-plain-"));
    writeFileSync(join(dir, "c.json5"), PLAIN);
    for (const format of ["human", "json"]) {
      const { modules, status } = builtins(["--format", format, "c.json5"], dir, to);
      expect(status).toBe(0);
      expect(modules.filter((m) => [...NEVER, "crypto", "stream"].includes(m))).toEqual([]);
    }
  });

  it("the mTLS example: node:crypto for its TLS files, still no net, tty or child_process", async () => {
    // Its own copy with certificates made here: a fresh clone has not run `npm run example`.
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-mtls-"));
    copyFileSync(join(mtls, "scheduler.json5"), join(dir, "scheduler.json5"));
    await genCerts(join(dir, "certs"));
    const { modules } = builtins(["--format", "json", "scheduler.json5"], dir, "socket");
    expect(modules).toContain("crypto");
    expect(modules.filter((m) => NEVER.includes(m))).toEqual([]);
  });
});

describe("the report written directly", () => {
  it("is the same through a socket, a pipe and a file, and the same as the in-process report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-out-"));
    // Enough findings for a report larger than a pipe's buffer (64 KiB), so that writes must wait.
    const stores = Array.from({ length: 400 }, (_, i) => `{ name: "S${i}", memory: { eviction_policy: { max_bytes: "1kb", max_bytes: "2kb" } } }`);
    writeFileSync(join(dir, "c.json5"), `{ stores: [${stores.join(", ")}], servers: [] }`);
    const inProcess = await cli(["--format", "json", "c.json5"], { cwd: dir });
    expect(inProcess.stdout.length).toBeGreaterThan(65536);
    for (const to of ["socket", "fifo", "file"] as const) {
      const r = builtins(["--format", "json", "c.json5"], dir, to);
      expect([to, r.status, r.out]).toEqual([to, inProcess.code, inProcess.stdout]);
    }
  });

  it("a command line yargs reads (an operand after --) leaves a pipe's stream uncreated too", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-yargs-"));
    writeFileSync(join(dir, "c.json5"), PLAIN);
    const { modules, status } = builtins(["--format", "json", "--", "c.json5"], dir, "fifo");
    expect(status).toBe(0);
    expect(modules.filter((m) => [...NEVER, "stream"].includes(m))).toEqual([]);
  });

  it("a pipe made non-blocking by someone else is waited for, not queued in memory through Node's stream", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-nonblock-"));
    const stores = Array.from({ length: 400 }, (_, i) => `{ name: "S${i}", memory: { eviction_policy: { max_bytes: "1kb", max_bytes: "2kb" } } }`);
    writeFileSync(join(dir, "c.json5"), `{ stores: [${stores.join(", ")}], servers: [] }`);
    const inProcess = await cli(["--format", "json", "c.json5"], { cwd: dir });
    // The probe creates Node's stream for the pipe first (which makes the pipe non-blocking, as a
    // library or a parent sharing the pipe can), then counts what goes through that stream and how
    // often a direct write found the pipe full.
    const probe = join(dir, "probe.cjs");
    const counts = join(dir, "counts.json");
    writeFileSync(
      probe,
      `const fs = require("fs"); const write = fs.writeSync; let full = 0, viaStream = 0;
       process.stdout.write = () => { viaStream++; return true; };
       fs.writeSync = function (...a) { try { return write.apply(this, a); } catch (e) { if (e.code === "EAGAIN") full++; throw e; } };
       process.on("exit", () => fs.writeFileSync(${JSON.stringify(counts)}, JSON.stringify({ full, viaStream })));`,
    );
    const quoted = [process.execPath, "-r", probe, bin, "--format", "json", "c.json5"].map((a) => `'${a}'`).join(" ");
    // The reader starts late, so the report fills the pipe's 64 KiB first.
    const r = spawnSync("bash", ["-c", `set -o pipefail; ${quoted} | (sleep 0.3; cat)`], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", CI: "" } });
    expect([r.status, r.stderr]).toEqual([inProcess.code, ""]);
    expect(r.stdout).toBe(inProcess.stdout);
    const { full, viaStream } = JSON.parse(readFileSync(counts, "utf8")) as { full: number; viaStream: number };
    expect(viaStream).toBe(0);
    expect(full).toBeGreaterThan(0);
  });

  it("a reader that goes away (| head) ends the run quietly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-lazy-epipe-"));
    writeFileSync(join(dir, "c.json5"), PLAIN);
    const child = spawn(process.execPath, [bin, "--format", "json", "c.json5"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });
});

describe("--version alone, without yargs", () => {
  it("prints what yargs prints for it", async () => {
    let fromYargs = "";
    const io: RunIO = { argv: ["--version"], env: {}, cwd: "/", stdout: () => {}, stderr: () => {}, isTTY: false };
    await (await parser(io, true)).parseAsync(["--version"], {}, (_e: unknown, _a: unknown, out: string) => void (fromYargs = out));
    const r = await cli(["--version"]);
    expect(fromYargs).toMatch(/^\d+\.\d+\.\d+/);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, fromYargs.endsWith("\n") ? fromYargs : fromYargs + "\n", ""]);
  });
});
