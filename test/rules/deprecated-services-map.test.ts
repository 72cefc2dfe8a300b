// deprecated-services-map: the pre-v0.7 map form of a service still loads, with a warning.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "deprecated-services-map";

const server = (cas: string) => `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [
    {
      listener: { http: { socket_address: "127.0.0.1:50051" } },
      services: {
        cas: ${cas},
      },
    },
  ],
}`;

describe(RULE, () => {
  it("reports the map form at the service's key", async () => {
    const findings = await lint(server('{\n          main: { cas_store: "CAS" },\n        }'));
    expect(spans(findings, RULE)).toEqual(['7:9-7:12 the map form of "cas" ({ "<instance>": {...} }) is deprecated since v0.7.0; use a list of { instance_name, ... }']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("WARNING: Using deprecated map format for services. Please migrate to the new array format:");
  });

  it("passes the list form", async () => {
    expect(spans(await lint(server('[\n          { instance_name: "main", cas_store: "CAS" },\n        ]')), RULE)).toEqual([]);
  });
});
