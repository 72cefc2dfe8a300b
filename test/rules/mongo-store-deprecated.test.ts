import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "mongo-store-deprecated";
const M = (extra: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://h", ${extra} } }], servers: [] }`;

describe(RULE, () => {
  it("reports a non-zero max_concurrent_uploads", async () => {
    expect(lines(await lint(M('max_concurrent_uploads: "8"')), RULE)).toEqual(['1:107 mongo store "CAS" sets max_concurrent_uploads, which is deprecated and ignored']);
  });

  it("passes zero or absent", async () => {
    expect(lines(await lint(M("max_concurrent_uploads: 0")), RULE)).toEqual([]);
    expect(lines(await lint(M("max_requests: 8")), RULE)).toEqual([]);
  });

  it("warns as a deprecation with NativeLink's text", async () => {
    const f = (await lint(M("max_concurrent_uploads: 8"))).find((x) => x.ruleId === RULE);
    expect([f?.severity, f?.category, f?.pointer]).toEqual(["warning", "deprecation", "/stores/0/experimental_mongo/max_concurrent_uploads"]);
    expect(f?.nativelink).toBe("max_concurrent_uploads was set for Mongo, and it's a deprecated value we don't use anymore");
  });
});
