import { describe, expect, it } from "vitest";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint, lines, firstOf } from "../helpers/lint.ts";
import { checkFile } from "../../src/engine.ts";
import { RULES } from "../../rules/index.ts";

const RULE = "config-permissions";
const redis = (address: string) => `{ stores: [{ name: "CACHE", redis_store: { addresses: ["${address}"] } }], servers: [] }`;
const SECRET = redis("redis://nativelink:hunter2@cache.internal:6379");
const TWO = `{ stores: [{ name: "CACHE", redis_store: { addresses: ["redis://:pw1@a:6379", "redis://:pw2@b:6379"] } }], servers: [] }`;
const CLEAN = redis("redis://nativelink:${REDIS_PASSWORD}@cache.internal:6379");
const FILE = 0o100000;
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, { env: { REDIS_PASSWORD: "x" }, ...o })).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, number, string[]][] = [
    ["0644 with a secret", SECRET, FILE | 0o644, ["1:1 the config file is mode 0644, readable by group and others, and holds an inline secret (first at line 1)"]],
    ["0640 with two secrets", TWO, FILE | 0o640, ["1:1 the config file is mode 0640, readable by group, and holds 2 inline secrets (first at line 1)"]],
    ["0604", SECRET, FILE | 0o604, ["1:1 the config file is mode 0604, readable by others, and holds an inline secret (first at line 1)"]],
  ];
  for (const [name, text, mode, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text, { mode }))).toEqual(want);
    });
  }

  const valid: [string, string, number | undefined][] = [
    ["0600 with a secret", SECRET, FILE | 0o600],
    ["0400 with a secret", SECRET, FILE | 0o400],
    ["0644 without secrets (the usual checkout)", CLEAN, FILE | 0o644],
    ["a symlink's own mode", SECRET, 0o120777],
    ["text with no file (stdin)", SECRET, undefined],
  ];
  for (const [name, text, mode] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, { mode }))).toEqual([]);
    });
  }

  it("is a warning in production and an info in development", async () => {
    expect((await mine(SECRET, { mode: FILE | 0o644, profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(SECRET, { mode: FILE | 0o644, profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("relates every secret and never shows one", async () => {
    const f = firstOf(await mine(TWO, { mode: FILE | 0o644 }));
    expect(f.pointer).toBe("");
    expect(f.related?.map((r) => r.pointer)).toEqual(["/stores/0/redis_store/addresses/0", "/stores/0/redis_store/addresses/1"]);
    expect(`${f.message} ${f.hint}`).not.toMatch(/pw1|pw2/);
    expect(f.hint).toMatch(/^chmod 600 /);
  });

  it("reads the mode of a real file, following a symlink to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-config-perm-"));
    const path = join(dir, "nativelink.json5");
    writeFileSync(path, SECRET);
    chmodSync(path, 0o644);
    symlinkSync(path, join(dir, "link.json5"));
    const opts = { env: { get: () => undefined }, rules: RULES.filter((r) => r.meta.id === RULE), profile: "production" as const, now: new Date(), expiryWarnDays: 30, lenientEnv: false, cwd: dir, gitTracked: () => new Set<string>() };
    expect(lines(await checkFile(path, opts))).toEqual(["1:1 the config file is mode 0644, readable by group and others, and holds an inline secret (first at line 1)"]);
    chmodSync(path, 0o600);
    expect(lines(await checkFile(path, opts))).toEqual([]);
    // The loader records a symlink's own mode (lrwxrwxrwx); the rule does not judge it.
    expect(lines(await checkFile(join(dir, "link.json5"), opts))).toEqual([]);
  });
});
