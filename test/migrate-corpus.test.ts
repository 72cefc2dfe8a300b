// The proof of issue 14 over the real corpus: every config NativeLink v1.6.6 refuses and config-release
// recognises as written for an older release is migrated; then the loader categories (syntax, schema,
// value, reference) are checked again. The verdict of each, loads or why not, is kept in
// test/golden/migrate/corpus-verdicts.json (UPDATE_GOLDEN=1 rewrites it; docs/design.md sums it up).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLoaded } from "../src/engine.ts";
import { parseConfigText } from "../src/load.ts";
import { toPlain } from "../src/doc.ts";
import { RULES } from "../rules/index.ts";
import type { Finding } from "../src/types.ts";
import { migrateText } from "../src/migrate/index.ts";
import { applyEdits } from "../src/migrate/text.ts";
import { lineEdits } from "../src/migrate/diff.ts";
import { configModel } from "./helpers/config-model.ts";

const CORPUS = new URL("./fixtures/corpus/", import.meta.url);
const VERDICTS = new URL("./golden/migrate/corpus-verdicts.json", import.meta.url);
const LOADER = new Set(["syntax", "schema", "value", "reference"]);
const index: { local: string; nativelink_1_6_6_load: string; target_version: string }[] = JSON.parse(readFileSync(new URL("INDEX.json", CORPUS), "utf8"));

async function check(local: string, text: string, lenientEnv = false): Promise<Finding[]> {
  const path = new URL(local, CORPUS).pathname;
  const loaded = parseConfigText({ file: local, path, comments: [] }, Buffer.from(text));
  return checkLoaded(loaded, {
    env: { get: () => undefined },
    rules: RULES,
    profile: "development",
    now: new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv,
    cwd: "/nonexistent-nativelink-cwd",
    cwdForInputs: new URL(".", CORPUS).pathname,
  });
}

const loaderErrors = (fs: Finding[]) => fs.filter((f) => f.severity === "error" && LOADER.has(f.category));

/** Keys and kinds that no NativeLink release has: forks and unreleased branches. */
const FOREIGN = /"(kind|spec|azure_blob_store|db_backend|nix_cache|cas_witness|http_cache_proxy|oci_registry|lsh_store|slow_store_write_back|endpoint|warm_worker_pools|work_queue_timeout_s|worker_pool_config|entrypoints)"/;

/** Why a migrated config still does not load, in one phrase per kind of cause. */
function reason(left: Finding[], loadsWithEnv: boolean): string {
  if (loadsWithEnv) return "needs its environment: ${VAR}s without defaults are unset in the replay; with them set it loads";
  const all = left.map((f) => `${f.ruleId} ${f.message}`).join("\n");
  if (/cas-ac-store-distinct/.test(all)) return "its CAS and AC share one store, refused since v1.5.0: migrate reports it as a decision";
  if (/"worker_api_endpoint" must be an object/.test(all)) return "a 2022 worker form (worker_api_endpoint a string, no cas_fast_slow_store): which store the worker uses is a decision, not a rewrite";
  if (/no store kind/.test(all) && left.every((f) => /^\/stores\/\d+$/.test(f.pointer))) return left.length > 1 ? "a fork's format (stores as { name, kind, spec }), in no NativeLink release" : "a 2022 store written without its kind (verify settings beside backend), not rewritten";
  if (/worker-cas-store-fast-slow/.test(all)) return "the worker's fast CAS store is a memory store; v1.6.6 needs a filesystem store there, and where its files go is a decision";
  if (/takes exactly one key/.test(all)) return "broken on its own release too: a store entry names two kinds (memory and filesystem)";
  if (/no scheduler kind/.test(all)) return "broken on its own release too: supported_platform_properties written as a scheduler of the schedulers map";
  if (FOREIGN.test(all)) return "uses keys or kinds of a fork or an unreleased branch, in no NativeLink release";
  if (/must be a data size/.test(all)) return "an environment default that is no value (\"not_set\") where NativeLink needs a size";
  if (/"values" must be a list/.test(all)) return "broken on its own release too: a property's values written as a string";
  if (/eviction_policy" in stores\[\d+\]\.fast_slow/.test(all)) return "a key its own release ignored (before v0.3.2 refused unknown keys): fast_slow.eviction_policy";
  if (/hash_verification_function|verify_hash/.test(all)) return "uses a key from between releases";
  return "broken on its own release too: " + [...new Set(left.map((f) => f.ruleId))].join(", ");
}

interface Verdict {
  target_version: string;
  loads: boolean;
  steps: string[];
  why?: string;
  left?: string[];
}

describe("corpus configs written for an older release, migrated", async () => {
  const verdicts: Record<string, Verdict> = {};
  const old: string[] = [];
  for (const e of index) {
    if (e.nativelink_1_6_6_load !== "ERR") continue;
    const text = readFileSync(new URL(e.local, CORPUS), "utf8");
    if ((await check(e.local, text)).some((f) => f.ruleId === "config-release")) old.push(e.local);
  }

  it("config-release recognises 122 of the configs v1.6.6 refuses as written for an older release", () => expect(old.length).toBe(122));

  for (const local of old) {
    it(local, async () => {
      const e = index.find((x) => x.local === local)!;
      const text = readFileSync(new URL(local, CORPUS), "utf8");
      const r = migrateText(text);
      // The same meaning, idempotent, no older-release form left, and the JSON fix gives the same text.
      expect(configModel(toPlain(parseConfigText({ file: "", path: "", comments: [] }, Buffer.from(r.text)).root!))).toEqual(
        configModel(toPlain(parseConfigText({ file: "", path: "", comments: [] }, Buffer.from(text)).root!)),
      );
      expect(migrateText(r.text).text).toBe(r.text);
      expect(applyEdits(text, lineEdits(text, r.text))).toBe(r.text);
      const after = await check(local, r.text);
      expect(after.filter((f) => f.ruleId === "config-release").map((f) => f.message)).toEqual([]);
      const left = loaderErrors(after);
      const v: Verdict = { target_version: e.target_version, loads: left.length === 0, steps: r.applied.map((a) => a.step.id) };
      if (!v.loads) {
        v.why = reason(left, loaderErrors(await check(local, r.text, true)).length === 0);
        v.left = left.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`);
      }
      verdicts[local] = v;
    });
  }

  it("the verdicts are the recorded ones (test/golden/migrate/corpus-verdicts.json)", () => {
    const text = JSON.stringify(verdicts, Object.keys(verdicts).length ? undefined : undefined, 1) + "\n";
    if (process.env.UPDATE_GOLDEN || !existsSync(VERDICTS)) writeFileSync(VERDICTS, text);
    expect(verdicts).toEqual(JSON.parse(readFileSync(VERDICTS, "utf8")));
  });

  it("counts: how many load after migrate, and why the others do not", () => {
    const loads = Object.values(verdicts).filter((v) => v.loads).length;
    const why = new Map<string, number>();
    for (const v of Object.values(verdicts)) if (v.why) why.set(v.why, (why.get(v.why) ?? 0) + 1);
    expect({ loads, why: Object.fromEntries([...why].sort((a, b) => b[1] - a[1])) }).toMatchSnapshot();
  });
});
