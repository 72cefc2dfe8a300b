import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BYTES, readTlsFile } from "../../src/tls/read.ts";

let dir: string;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasTool = (tool: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const hasMkfifo = (() => {
  try {
    execFileSync("sh", ["-c", "command -v mkfifo"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nlpf-read-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readTlsFile", () => {
  it("reads a regular file and reports its metadata", () => {
    const p = join(dir, "cert.pem");
    writeFileSync(p, "hello\n", { mode: 0o644 });
    chmodSync(p, 0o644);
    const r = readTlsFile(p);
    expect(r).toMatchObject({ ok: true, kind: "file", size: 6, mode: 0o644, path: p });
    expect(new TextDecoder().decode(r.bytes)).toBe("hello\n");
    expect(r.error).toBeUndefined();
    expect(typeof r.uid).toBe("number");
  });

  it("a missing file: ENOENT with Rust's wording", () => {
    const r = readTlsFile(join(dir, "nope.pem"));
    expect(r).toMatchObject({ ok: false, error: { code: "ENOENT", message: "no such file or directory", rust: "No such file or directory (os error 2)" } });
  });

  it("a directory: EISDIR (NativeLink: I/O error: Is a directory (os error 21))", () => {
    const d = join(dir, "a-dir");
    mkdirSync(d);
    const r = readTlsFile(d);
    expect(r).toMatchObject({ ok: false, kind: "directory", error: { code: "EISDIR", rust: "Is a directory (os error 21)" } });
  });

  it("a FIFO: NOT_REGULAR, without blocking", ({ skip }) => {
    if (!hasMkfifo) {
      skip("the mkfifo tool is not available");
      return;
    }
    const f = join(dir, "fifo.pem");
    execFileSync("mkfifo", [f]);
    const t = performance.now();
    const r = readTlsFile(f);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, kind: "fifo", error: { code: "NOT_REGULAR", message: "not a regular file (fifo)" } });
  });

  it("a character device: NOT_REGULAR", () => {
    const r = readTlsFile("/dev/zero");
    expect(r).toMatchObject({ ok: false, kind: "device", error: { code: "NOT_REGULAR" } });
  });

  it("a 2 MiB file: TOO_LARGE (default limit 1 MiB); a custom limit applies", () => {
    const p = join(dir, "big.pem");
    writeFileSync(p, Buffer.alloc(2 * 1024 * 1024, 0x41));
    expect(readTlsFile(p)).toMatchObject({ ok: false, error: { code: "TOO_LARGE", message: `file is larger than ${DEFAULT_MAX_BYTES} bytes` } });
    expect(readTlsFile(p).bytes).toBeUndefined();
    expect(readTlsFile(p, { maxBytes: 4 * 1024 * 1024 })).toMatchObject({ ok: true, size: 2 * 1024 * 1024 });
  });

  it("exactly maxBytes is fine, one more is not", () => {
    const p = join(dir, "edge.pem");
    writeFileSync(p, "x".repeat(100));
    expect(readTlsFile(p, { maxBytes: 100 }).ok).toBe(true);
    expect(readTlsFile(p, { maxBytes: 99 }).error?.code).toBe("TOO_LARGE");
  });

  it("an empty file: EMPTY, with empty bytes for the analysers", () => {
    const p = join(dir, "empty.pem");
    writeFileSync(p, "");
    const r = readTlsFile(p);
    expect(r).toMatchObject({ ok: false, size: 0, error: { code: "EMPTY", message: "file is empty" } });
    expect(r.bytes).toEqual(new Uint8Array(0));
  });

  it("a symlink is followed and flagged; a symlink loop is reported", () => {
    const target = join(dir, "target.pem");
    writeFileSync(target, "data");
    const link = join(dir, "link.pem");
    symlinkSync(target, link);
    expect(readTlsFile(link)).toMatchObject({ ok: true, symlink: true, kind: "file" });
    const a = join(dir, "loop-a");
    const b = join(dir, "loop-b");
    symlinkSync(a, b);
    symlinkSync(b, a);
    expect(readTlsFile(a)).toMatchObject({ ok: false, kind: "symlink-loop", error: { code: "OTHER", rust: "Too many levels of symbolic links (os error 40)" } });
  });

  it("a dangling symlink is ENOENT", () => {
    const link = join(dir, "dangling.pem");
    symlinkSync(join(dir, "missing-target"), link);
    expect(readTlsFile(link).error?.code).toBe("ENOENT");
  });

  it("a path through a file is OTHER (not a directory)", () => {
    const f = join(dir, "plain");
    writeFileSync(f, "x");
    expect(readTlsFile(join(f, "child.pem"))).toMatchObject({ ok: false, error: { code: "OTHER", rust: "Not a directory (os error 20)" } });
  });

  it("permission bits are reported (private keys: 0600 vs 0644)", () => {
    const p = join(dir, "key.pem");
    writeFileSync(p, "k");
    chmodSync(p, 0o600);
    expect(readTlsFile(p).mode).toBe(0o600);
    chmodSync(p, 0o644);
    expect(readTlsFile(p).mode).toBe(0o644);
  });

  it.runIf(!isRoot)("an unreadable file: EACCES", () => {
    const p = join(dir, "locked.pem");
    writeFileSync(p, "secret");
    chmodSync(p, 0o000);
    expect(readTlsFile(p)).toMatchObject({ ok: false, mode: 0o000, error: { code: "EACCES", rust: "Permission denied (os error 13)" } });
  });

  it.runIf(isRoot)("as root a mode-000 file still reads, so the mode check is what tells a non-root NativeLink would fail", () => {
    const p = join(dir, "locked.pem");
    writeFileSync(p, "secret");
    chmodSync(p, 0o000);
    const r = readTlsFile(p);
    expect(r.ok).toBe(true);
    expect(r.mode).toBe(0o000);
  });

  it.runIf(isRoot && hasTool("setpriv"))("as root, the EACCES path is checked in a child process dropped to uid 65534 with setpriv", () => {
    chmodSync(dir, 0o755);
    const p = join(dir, "locked-for-nobody.pem");
    writeFileSync(p, "secret");
    chmodSync(p, 0o000);
    const script = `import(${JSON.stringify(join(process.cwd(), "src/tls/read.ts"))}).then((m) => process.stdout.write(JSON.stringify(m.readTlsFile(${JSON.stringify(p)}))))`;
    const out = execFileSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "--import", "tsx", "-e", script], {
      cwd: process.cwd(),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(JSON.parse(out)).toMatchObject({ ok: false, mode: 0, error: { code: "EACCES", message: "permission denied", rust: "Permission denied (os error 13)" } });
  });
});
