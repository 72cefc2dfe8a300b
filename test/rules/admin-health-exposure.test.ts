import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "admin-health-exposure";
const config = (addr: string, services: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ name: "public", listener: { http: { socket_address: "${addr}" } }, services: { ${services} } }] }`;
const CAS = 'cas: [{ cas_store: "CAS" }]';
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["health next to cas on the wildcard", config("0.0.0.0:50051", `${CAS}, health: {}`), ['1:212 health (/status) is served on 0.0.0.0:50051, the client-facing listener of server "public" (cas)']],
    [
      "admin and health with their own paths",
      config("10.0.0.5:50051", `${CAS}, ac: [{ ac_store: "CAS" }], admin: { path: "/ops/admin" }, health: { path: "/healthz" }`),
      [
        '1:240 admin (/ops/admin) is served on 10.0.0.5:50051, the client-facing listener of server "public" (cas and ac)',
        '1:271 health (/healthz) is served on 10.0.0.5:50051, the client-facing listener of server "public" (cas and ac)',
      ],
    ],
    ["an empty path (NativeLink uses /admin)", config("[::]:50051", `${CAS}, admin: { path: "" }`), ['1:209 admin (/admin) is served on [::]:50051, the client-facing listener of server "public" (cas)']],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string, object?][] = [
    ["health on a loopback client listener", config("127.0.0.1:50051", `${CAS}, health: {}`)],
    ["health on a listener of its own", config("0.0.0.0:50052", "health: {}, admin: {}")],
    ["health with the worker API only", config("10.0.0.5:50061", 'worker_api: { scheduler: "MAIN" }, health: {}')],
    ["health: null", config("0.0.0.0:50051", `${CAS}, health: null`)],
    ["an address from an unset variable (lenient)", config("${LISTEN}", `${CAS}, health: {}`), { lenientEnv: true }],
  ];
  for (const [name, text, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, o))).toEqual([]);
    });
  }

  it("is a warning in production and an info in development", async () => {
    const text = config("0.0.0.0:50051", `${CAS}, health: {}`);
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the service and relates the listen address", async () => {
    const f = firstOf(await mine(config("0.0.0.0:50051", `${CAS}, health: {}`)));
    expect(f.pointer).toBe("/servers/0/services/health");
    expect(f.related?.[0]?.pointer).toBe("/servers/0/listener/http/socket_address");
    expect(f.hint).toContain("/status");
  });
});
