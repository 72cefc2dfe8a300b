import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "cas-ac-store-distinct";
const server = (services: string) => `servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: ${services} }]`;
const cfg = (services: string) => `{ stores: [], ${server(services)} }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["one store for the default instance", cfg('{ cas: [{ cas_store: "S" }], ac: [{ ac_store: "S" }] }'), ['1:140 ac_store "S" of instance "" is also its cas_store (1:115); CAS and AC need different stores']],
    [
      "names that become equal after ${VAR} expansion",
      cfg('{ cas: [{ cas_store: "S" }], ac: [{ ac_store: "${UNDEFINED_NL_VAR:-S}" }] }'),
      ['1:140 ac_store "S" of instance "" is also its cas_store (1:115); CAS and AC need different stores'],
    ],
    [
      "a named instance in the deprecated map form",
      cfg('{ cas: { main: { cas_store: "S" } }, ac: { main: { ac_store: "S" } } }'),
      ['1:155 ac_store "S" of instance "main" is also its cas_store (1:122); CAS and AC need different stores'],
    ],
    [
      "the last cas entry of an instance is the one compared",
      cfg('{ cas: [{ cas_store: "A" }, { cas_store: "S" }], ac: [{ ac_store: "S" }] }'),
      ['1:160 ac_store "S" of instance "" is also its cas_store (1:135); CAS and AC need different stores'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["different instances", cfg('{ cas: [{ instance_name: "a", cas_store: "S" }], ac: [{ instance_name: "b", ac_store: "S" }] }')],
    ["different stores", cfg('{ cas: [{ cas_store: "C" }], ac: [{ ac_store: "A" }] }')],
    ["an earlier cas entry replaced by a later one of the same instance", cfg('{ cas: [{ cas_store: "S" }, { cas_store: "T" }], ac: [{ ac_store: "S" }] }')],
    ["instance names are not expanded", cfg('{ cas: [{ instance_name: "${I}", cas_store: "S" }], ac: [{ instance_name: "x", ac_store: "S" }] }')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config, { env: { I: "x" } }), RULE)).toEqual([]);
    });
  }

  it("passes the same store used by CAS and AC on different servers", async () => {
    const two = '{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:1" } }, services: { cas: [{ cas_store: "S" }] } }, { listener: { http: { socket_address: "0.0.0.0:2" } }, services: { ac: [{ ac_store: "S" }] } }] }';
    expect(lines(await lint(two), RULE)).toEqual([]);
  });

  it("carries NativeLink's load-time message unmasked, underlining the ac_store", async () => {
    const f = (await lint(cfg('{ cas: [{ cas_store: "S" }], ac: [{ ac_store: "S" }] }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("CAS and AC use the same store 'S' in the config");
    expect(f?.pointer).toBe("/servers/0/services");
    expect([f?.line, f?.column, f?.endColumn]).toEqual([1, 140, 143]);
    expect(f?.related?.[0]?.pointer).toBe("/servers/0/services/cas/0/cas_store");
  });
});
