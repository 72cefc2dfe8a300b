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

  it("reports a misspelt kind written before the real one (a kind comes later in the entry)", async () => {
    const findings = await lint('{ stores: [{ name: "CAS", memroy: {}, memory: {} }], servers: [] }');
    expect(spans(findings, RULE)).toEqual(['1:27-1:33 unknown key "memroy" in this store entry; NativeLink ignores it without a word']);
    expect(findings.find((f) => f.ruleId === RULE)?.hint).toBe('did you mean "memory"?');
  });

  it("leaves the unknown keys of an entry without a kind to the one finding the entry gets, except those beside a misspelt kind", async () => {
    const alone = await lint('{ stores: [{ name: "S", kind: "grpc", spec: {} }], servers: [] }');
    expect(alone.map((f) => f.ruleId)).toEqual(["variant-shape"]);
    const besideTypo = await lint('{ stores: [{ name: "S", memroy: {}, max_bytes: 10 }], servers: [] }');
    expect(besideTypo.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(["variant-shape /stores/0", "key-ignored /stores/0/max_bytes"]);
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
