// key-duplicate-map: in a map-typed field the later of two equal keys silently wins.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-duplicate-map";

const headers = (entries: string) => `{
  stores: [
    {
      name: "S",
      grpc: {
        endpoints: [{ address: "grpc://10.0.0.5:50051" }],
        store_type: "cas",
        headers: {
${entries}
        },
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports the later key (quoted or not, the same key) and names the dropped one", async () => {
    const findings = await lint(headers('          team: "a",\n          "team": "b",'));
    expect(spans(findings, RULE)).toEqual(['10:11-10:17 key "team" appears twice in this map; NativeLink keeps the later value and silently drops the one at 9:11']);
    expect(findings.find((f) => f.ruleId === RULE)?.severity).toBe("warning");
  });

  it("passes distinct keys", async () => {
    expect(spans(await lint(headers('          team: "a",\n          owner: "b",')), RULE)).toEqual([]);
  });
});
