// Rule metadata as a product: ids, summaries, categories, and coverage of NativeLink's error catalog.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";

const CATALOG = new URL("../fixtures/reference/nativelink-1.6.6-errors.md", import.meta.url);

/** Rules that report what NativeLink's loader itself rejects or warns about while parsing. */
const LOADER_RULES = [
  "cas-ac-store-distinct",
  "config-syntax",
  "env-defined",
  "grpc-store-zstd-compression",
  "key-duplicate",
  "key-duplicate-map",
  "key-ignored",
  "key-required",
  "key-unknown",
  "number-truncated",
  "preflight-config",
  "struct-positional",
  "suppression-reason",
  "suppression-unused",
  "value-format",
  "value-range",
  "value-type",
  "variant-shape",
  "variant-string-panic",
];

describe("rule metadata", () => {
  it("ids are kebab-case, summaries lower-case without a full stop", () => {
    for (const { meta } of RULES) {
      expect(meta.id, meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.summary, meta.id).toMatch(/^[a-z0-9`$.]/);
      expect(meta.summary.endsWith("."), meta.id).toBe(false);
      expect(meta.why.length, meta.id).toBeGreaterThan(40);
      expect(meta.fix.length, meta.id).toBeGreaterThan(10);
    }
  });

  it("syntax, schema and value are only for what the loader rejects while parsing (the JSON contract)", () => {
    const loaderish = RULES.filter((r) => ["syntax", "schema", "value"].includes(r.meta.category)).map((r) => r.meta.id);
    expect(loaderish.sort()).toEqual([...LOADER_RULES].sort());
  });
});

describe("coverage of the v1.6.6 error catalog (test/fixtures/reference)", () => {
  const text = existsSync(CATALOG) ? readFileSync(CATALOG, "utf8") : "";
  const entries = [...text.matchAll(/^- \*\*`([a-z0-9-]+)`\*\*[\s\S]*?category: ([a-z-]+) \| severity: ([^|]+)\| detectability: ([^\n]+)/gm)].map(([, slug = "", category = "", , detect = ""]) => ({ slug, category, detect }));
  const covered = new Set(RULES.flatMap((r) => r.meta.catalog ?? []));

  it("names only slugs that exist in the catalog", () => {
    const slugs = new Set(entries.map((e) => e.slug));
    expect([...covered].filter((s) => !slugs.has(s))).toEqual([]);
  });

  it("covers every entry detectable offline from the config alone in the core categories", () => {
    const core = ["parse", "schema", "value-format", "deprecation-warning", "other-warning", "reference", "store", "scheduler", "worker", "endpoint", "bind"];
    const wanted = entries.filter((e) => core.includes(e.category) && e.detect.startsWith("offline-from-config-alone"));
    const missing = wanted.filter((e) => !covered.has(e.slug)).map((e) => e.slug);
    console.log(`catalog: ${wanted.length - missing.length}/${wanted.length} offline-detectable core entries covered; all entries covered: ${entries.filter((e) => covered.has(e.slug)).length}/${entries.length}`);
    expect(missing).toEqual(EXPECTED_UNCOVERED);
  });
});

/**
 * Offline entries deliberately not covered: directory-cache-not-filesystem cannot happen in a worker
 * that otherwise starts (its fast store must already be a filesystem store). (mongo-client-create-failed
 * is covered for the write concern the spec's fields build; the driver's validation of `?options` in
 * the connection string is not replayed.)
 */
const EXPECTED_UNCOVERED = ["directory-cache-not-filesystem"];
