// A cache directory holding a file whose name is not UTF-8, a stray file, and a future access time.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";
import { lint } from "../helpers/lint.ts";

const RULE = "host-store-cache-contents";
const FS = `{ stores: [{ name: "CAS", filesystem: { content_path: "cas", temp_path: "tmp" } }], servers: [] }`;
const AT = col(FS, '"cas"');
const DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855-0";

function cache(): string {
  const d = mkdtempSync(join(tmpdir(), "nlp-cache-"));
  mkdirSync(join(d, "cas/d"), { recursive: true });
  mkdirSync(join(d, "cas/s"), { recursive: true });
  writeFileSync(join(d, "cas/d", DIGEST), "");
  return d;
}

describe(RULE, () => {
  it("reports a name that is not UTF-8 as the panic NativeLink hits", async () => {
    const d = cache();
    writeFileSync(Buffer.concat([Buffer.from(join(d, "cas/s") + "/caf"), Buffer.from([0xe9])]), "");
    expect(await onHost(FS, RULE, { cwd: d })).toEqual([`1:${AT} content_path "cas"/s holds a file whose name is not UTF-8 ("caf\\xE9"): NativeLink panics at startup`]);
    const f = (await lint(FS, { cwd: d, onHost: true })).find((x) => x.ruleId === RULE)!;
    expect(f.nativelink).toBe('called `Result::unwrap()` on an `Err` value: "caf\\xE9"');
  });
  it("warns about files NativeLink deletes, and access times in the future", async () => {
    const d = cache();
    writeFileSync(join(d, "cas/README"), "");
    const future = new Date(Date.now() + 86400_000);
    utimesSync(join(d, "cas/d", DIGEST), future, future);
    expect(await onHost(FS, RULE, { cwd: d })).toEqual([
      `1:${AT} content_path "cas" holds 1 file with an access time in the future ("d/${DIGEST}"): NativeLink logs each at startup and treats it as just used, so eviction order is off`,
      `1:${AT} content_path "cas" holds a file NativeLink does not recognise ("README"): it deletes it at startup, as the name is not <sha256>-<size>`,
    ]);
  });
  it("passes a cache in NativeLink's layout, and one not created yet", async () => {
    expect(await onHost(FS, RULE, { cwd: cache() })).toEqual([]);
    expect(await onHost(FS, RULE, { cwd: mkdtempSync(join(tmpdir(), "nlp-cache-")) })).toEqual([]);
  });
});
