import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "mongo-max-requests-range";
const M = (extra: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://h", ${extra} } }], servers: [] }`;

describe(RULE, () => {
  it("reports 0 (also as a string) and a value above the semaphore limit", async () => {
    expect(lines(await lint(M('max_requests: "0"')), RULE)).toEqual(['1:97 mongo store "CAS" sets max_requests to 0, which would block every request']);
    expect(lines(await lint(M("max_requests: 3000000000000000000")), RULE)).toEqual([
      '1:97 mongo store "CAS" sets max_requests to 3000000000000000000, above tokio\'s semaphore limit of 2305843009213693951; NativeLink panics once the store connects',
    ]);
  });

  it("passes an absent, null, blank or positive limit", async () => {
    for (const extra of ["read_chunk_size: 0", "max_requests: null", 'max_requests: " "', "max_requests: 1", "max_requests: 2305843009213693951"]) {
      expect(lines(await lint(M(extra)), RULE)).toEqual([]);
    }
  });

  it("carries NativeLink's message (which names the field max_request_permits)", async () => {
    const f = (await lint(M("max_requests: 0"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("max_request_permits was set to zero, which will block mongo_store from working at all");
    expect(f?.pointer).toBe("/stores/0/experimental_mongo/max_requests");
  });
});
