import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "ontap-cache-sync-interval-nonzero";
const O = (interval: string) => `{ stores: [{ name: "CAS", ontap_s3_existence_cache: { index_path: "/x", sync_interval_seconds: ${interval}, backend: { endpoint: "https://o", vserver_name: "v", bucket: "b" } } }], servers: [] }`;

describe(RULE, () => {
  it("reports 0, also as a string", async () => {
    expect(lines(await lint(O('"0"')), RULE)).toEqual(['1:96 ontap_s3_existence_cache store "CAS" has sync_interval_seconds 0; its background sync task panics and the cache is never refreshed']);
  });

  it("passes a positive interval", async () => {
    expect(lines(await lint(O("300")), RULE)).toEqual([]);
  });

  it("warns with tokio's panic text", async () => {
    const f = (await lint(O("0"))).find((x) => x.ruleId === RULE);
    expect([f?.severity, f?.pointer, f?.nativelink]).toEqual(["warning", "/stores/0/ontap_s3_existence_cache/sync_interval_seconds", "`period` must be non-zero."]);
  });
});
