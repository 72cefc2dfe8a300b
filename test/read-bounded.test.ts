// The bounded reader every file the tool opens goes through (src/read-bounded.ts): its edges.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeReadFailure, readRegularFile } from "../src/read-bounded.ts";

const dir = mkdtempSync(join(tmpdir(), "nlp-read-"));
const file = (name: string, bytes: number) => {
  const p = join(dir, name);
  writeFileSync(p, "x".repeat(bytes));
  return p;
};
const outcome = (p: string, limit: number) => {
  const r = readRegularFile(p, limit);
  return r.ok ? `ok ${r.bytes.length}` : describeReadFailure(r.failure);
};

describe("readRegularFile", () => {
  it("reads an empty file, and a file of exactly the limit", () => {
    expect(outcome(file("empty", 0), 10)).toBe("ok 0");
    expect(outcome(file("ten", 10), 10)).toBe("ok 10");
  });
  it("refuses one byte over the limit without reading it", () => {
    expect(outcome(file("eleven", 11), 10)).toBe("11 bytes, over the 10-byte limit; it was not read");
  });
  it("says a missing file is missing, also below a file", () => {
    expect(outcome(join(dir, "nope"), 10)).toBe("no such file");
    expect(outcome(join(file("plain", 1), "below"), 10)).toBe("no such file");
  });
  it.runIf(existsSync("/proc/self/status"))("refuses a kernel pseudo-file after one byte (its stat says 0 bytes)", () => {
    expect(outcome("/proc/self/status", 1024 * 1024)).toBe("a kernel pseudo-file (its size is 0 but it has content), not a regular file; it was not read");
  });
  it("returns the mode, owner and group of the file read", () => {
    const r = readRegularFile(file("mode", 3), 10);
    // umask(mask) is refused in worker threads, so the deprecated read-only form is the only one here
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    expect(r.ok && { mode: r.mode & 0o777, uid: r.uid }).toEqual({ mode: 0o644 & ~process.umask(), uid: process.getuid?.() });
  });
});
