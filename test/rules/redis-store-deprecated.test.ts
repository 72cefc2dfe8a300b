import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "redis-store-deprecated";
const R = (extra: string) => `{ stores: [{ name: "R", redis_store: { addresses: ["redis://r:6379"], ${extra} } }], servers: [] }`;

describe(RULE, () => {
  it("reports each deprecated setting", async () => {
    expect(lines(await lint(R('broadcast_channel_capacity: "4", response_timeout_s: 10, connection_timeout_s: 3')), RULE)).toEqual([
      '1:99 redis store "R" sets broadcast_channel_capacity, which is deprecated and ignored',
      '1:124 redis store "R" sets response_timeout_s, which is deprecated and ignored; command_timeout_ms is the command timeout',
      '1:150 redis store "R" sets connection_timeout_s, which is deprecated; NativeLink converts it to connection_timeout_ms',
    ]);
  });

  it("passes zeros, and leaves connection_timeout_s to the conflict rule when connection_timeout_ms is set", async () => {
    expect(lines(await lint(R("broadcast_channel_capacity: 0, response_timeout_s: 0, connection_timeout_s: 0")), RULE)).toEqual([]);
    expect(lines(await lint(R("connection_timeout_s: 3, connection_timeout_ms: 100")), RULE)).toEqual([]);
  });

  it("warns with NativeLink's text and suggests the replacement value", async () => {
    const f = (await lint(R("response_timeout_s: 10"))).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.category).toBe("deprecation");
    expect(f?.nativelink).toBe("response_timeout_s in Redis spec is deprecated and ignored, use command_timeout_ms");
    expect(f?.hint).toBe("replace it with command_timeout_ms: 10000");
    expect(f?.pointer).toBe("/stores/0/redis_store/response_timeout_s");
  });
});
