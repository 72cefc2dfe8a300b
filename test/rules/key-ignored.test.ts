// key-ignored: a key NativeLink accepts and drops without a word (here: beside a store kind).
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-ignored";

describe(RULE, () => {
  it("reports a store setting written beside the store kind instead of inside it", async () => {
    const text = `{
  stores: [
    {
      name: "S",
      memory: {},
      eviction_policy: { max_bytes: 1000 },
    },
  ],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual(['6:7-6:22 unknown key "eviction_policy" in this store entry; NativeLink ignores it without a word']);
  });

  it("passes the setting inside the store kind", async () => {
    const text = `{
  stores: [
    {
      name: "S",
      memory: {
        eviction_policy: { max_bytes: 1000 },
      },
    },
  ],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual([]);
  });
});
