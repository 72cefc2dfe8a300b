// The TLS layer (rules that read certificates, keys and CRLs) is loaded only for configs that have
// TLS settings or TLS endpoints, and for deployments.
import { describe, expect, it } from "vitest";
import { checkText, type EngineOptions } from "../src/engine.ts";
import { CORE_RULES } from "../src/generated/rules-core.ts";
import { TLS_RULES } from "../src/generated/rules-tls.ts";
import { RULES } from "../rules/index.ts";

function options(loads: string[]): EngineOptions {
  return {
    env: { get: () => undefined },
    rules: CORE_RULES,
    loadTlsRules: () => {
      loads.push("tls");
      return Promise.resolve(TLS_RULES);
    },
    profile: "development",
    now: new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv: false,
    cwd: "/",
  };
}

describe("lazy TLS rules", () => {
  it("the two groups together are every rule, each once", () => {
    expect([...CORE_RULES, ...TLS_RULES].map((r) => r.meta.id).sort()).toEqual(RULES.map((r) => r.meta.id));
  });

  const cases: [string, string, boolean][] = [
    ["no TLS anywhere", '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://127.0.0.1:50051" }], store_type: "cas" } }], servers: [] }', false],
    ["a server tls block", '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:1", tls: { cert_file: "c", key_file: "k" } } }, services: {} }] }', true],
    ["a grpcs:// endpoint without tls_config", '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpcs://cas:50051" }], store_type: "cas" } }], servers: [] }', true],
    ["a tls_config on grpc://", '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://cas:50051", tls_config: {} }], store_type: "cas" } }], servers: [] }', true],
  ];
  for (const [name, config, loaded] of cases) {
    it(`${loaded ? "loads" : "does not load"} them for ${name}`, async () => {
      const loads: string[] = [];
      const findings = await checkText(config, "c.json5", options(loads));
      expect(loads.length > 0).toBe(loaded);
      if (name === "a grpcs:// endpoint without tls_config") expect(findings.map((f) => f.ruleId)).toContain("client-tls-scheme");
    });
  }
});
