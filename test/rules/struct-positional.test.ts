// struct-positional: a struct written as a list is read by field order.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "struct-positional";

const memory = (policy: string) => `{
  stores: [
    {
      name: "S",
      memory: {
        eviction_policy: ${policy},
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports the list, at the list", async () => {
    expect(spans(await lint(memory("[1000]")), RULE)).toEqual([
      "6:26-6:32 stores[0].memory.eviction_policy is written as a list of values; NativeLink reads it by position (max_bytes, evict_bytes, max_seconds, max_count)",
    ]);
  });

  it("passes the same struct with named keys", async () => {
    expect(spans(await lint(memory("{ max_bytes: 1000 }")), RULE)).toEqual([]);
  });
});
