// Replays the 303 real configs of test/fixtures/corpus (refreshed by scripts/sync-fixtures.mjs) against the verdict NativeLink v1.6.6's loader gave each.
import { readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../src/engine.ts";
import { RULES } from "../rules/index.ts";
import type { Finding } from "../src/types.ts";
import { NativelinkTexts, loaderMessage } from "./helpers/nativelink-texts.ts";

const ROOT = new URL("./fixtures/corpus/", import.meta.url);
const have = existsSync(new URL("INDEX.json", ROOT));
interface Entry {
  local: string;
  nativelink_1_6_6_load: "OK" | "ERR";
  nativelink_1_6_6_message: string;
  target_version?: string;
}
const index: Entry[] = have ? JSON.parse(readFileSync(new URL("INDEX.json", ROOT), "utf8")) : [];
const LOAD = new Set(["syntax", "schema", "value"]);
const printed = new NativelinkTexts();
/** Official v1.6.6 configs NativeLink refuses at startup by design (see test/fixtures/README.md). */
const KNOWN_BROKEN = ["nativelink-config/tests/duplicate_servers.json5", "legacy_service_config.json5", "stores-config.json5"];
/**
 * Official v1.6.6 configs that load but that we find NativeLink refusing at startup. mongo.json5's
 * production store uses mongodb+srv://, and NativeLink v1.6.6 builds its mongodb 3.3 driver with
 * default-features = false, without dns-resolver (nativelink-store/Cargo.toml; Cargo.lock has no
 * resolver among mongodb's dependencies), so the driver refuses every mongodb+srv string.
 */
const FOUND_BROKEN = ["nativelink-config/examples/mongo.json5"];

export async function lintCorpusFile(local: string, profile: "development" | "production" = "development"): Promise<Finding[]> {
  return checkFile(local, {
    env: { get: () => undefined },
    rules: RULES,
    profile,
    now: new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    // The loader verdicts were taken with an empty environment, as here.
    lenientEnv: false,
    cwd: "/nonexistent-nativelink-cwd",
    cwdForInputs: new URL(".", ROOT).pathname,
  });
}

describe("corpus replay (test/fixtures/corpus/INDEX.json), development profile", () => {
  it("has the 303 files", () => expect(index.length).toBe(303));

  for (const e of index) {
    it(`${e.local}: ${e.nativelink_1_6_6_load}`, async () => {
      const findings = await lintCorpusFile(e.local);
      const errors = findings.filter((f) => f.severity === "error");
      if (e.nativelink_1_6_6_load === "ERR") {
        expect(errors.length, `NativeLink said: ${e.nativelink_1_6_6_message}`).toBeGreaterThan(0);
      } else {
        expect(errors.filter((f) => LOAD.has(f.category)).map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([]);
      }
      // Every error's `nativelink` is text NativeLink prints for this config: its loader's message
      // (a config it refuses), or a startup or connection failure of the catalog.
      const own = e.nativelink_1_6_6_load === "ERR" ? loaderMessage(e.nativelink_1_6_6_message) : undefined;
      const foreign = errors.filter((f) => f.nativelink !== undefined && !printed.prints(f.nativelink, own));
      expect(foreign.map((f) => `${f.line}:${f.column} ${f.ruleId}: ${f.nativelink}`)).toEqual([]);
    });
  }

  const official = index.filter((e) => e.local.startsWith("official-v1.6.6/") && !e.local.includes("/docs-embedded/") && !e.local.includes("/docs-snippets-tls/"));
  it("finds 29 official v1.6.6 repository configs besides the three known-broken ones", () => {
    expect(official.filter((e) => !KNOWN_BROKEN.some((k) => e.local.endsWith(k))).length).toBe(29);
  });
  for (const e of official) {
    const broken = [...KNOWN_BROKEN, ...FOUND_BROKEN].some((k) => e.local.endsWith(k));
    it(`official ${e.local}: ${broken ? "refused at startup, and we say so" : "no error outside tls and filesystem"}`, async () => {
      const errors = (await lintCorpusFile(e.local)).filter((f) => f.severity === "error");
      if (broken) expect(errors.length).toBeGreaterThan(0);
      else expect(errors.filter((f) => !["tls", "filesystem"].includes(f.category)).map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([]);
    });
  }
});

describe("the same official configs under the production profile", () => {
  // The official examples are development setups: plaintext listeners on 0.0.0.0 and a worker API
  // without mTLS. In production a worker API open to the network without mTLS is an error; a
  // plaintext listener is a warning (a proxy may terminate TLS in front of it).
  const files = index.filter((e) => e.local.startsWith("official-v1.6.6/nativelink-config/examples/") && e.nativelink_1_6_6_load === "OK").map((e) => e.local);
  it("development reports no security errors, production does", async () => {
    let dev = 0;
    let prod = 0;
    const rules = new Set<string>();
    for (const f of files) {
      dev += (await lintCorpusFile(f, "development")).filter((x) => x.category === "security" && x.severity === "error").length;
      const p = (await lintCorpusFile(f, "production")).filter((x) => x.category === "security" && x.severity === "error");
      prod += p.length;
      p.forEach((x) => rules.add(x.ruleId));
    }
    expect(dev).toBe(0);
    expect(prod).toBeGreaterThan(0);
    expect([...rules].sort()).toEqual(expect.arrayContaining(["worker-api-mtls"]));
    expect([...rules]).not.toContain("listener-plaintext");
  });
});
