import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "worker-api-bind";
const config = (addr: string, tls = "", services = 'worker_api: { scheduler: "MAIN" }') =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ listener: { http: { socket_address: "${addr}"${tls} } }, services: { ${services} } }] }`;
const MTLS = ', tls: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem", client_ca_file: "/etc/nl/worker-ca.pem" }';
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[], "error" | "warning"][] = [
    ["[::] with mTLS", config("[::]:50061", MTLS), ["1:134 the worker API of servers[0] listens on every interface ([::]:50061)"], "warning"],
    ["the long IPv6 wildcard", config("[0:0:0:0:0:0:0:0]:50061", MTLS), ["1:134 the worker API of servers[0] listens on every interface ([::]:50061)"], "warning"],
    ["the IPv4-mapped wildcard", config("[::ffff:0.0.0.0]:50061", MTLS), ["1:134 the worker API of servers[0] listens on every interface ([::ffff:0.0.0.0]:50061)"], "warning"],
    [
      "named server next to other services",
      config("0.0.0.0:50061", MTLS, 'cas: [{ cas_store: "CAS" }], worker_api: { scheduler: "MAIN" }').replace("servers: [{ ", 'servers: [{ name: "all", '),
      ['1:147 the worker API of server "all" listens on every interface (0.0.0.0:50061)'],
      "warning",
    ],
  ];
  for (const [name, text, want, severity] of invalid) {
    it(`reports ${name}`, async () => {
      const found = await mine(text);
      expect(lines(found)).toEqual(want);
      expect(found.map((f) => f.severity)).toEqual(want.map(() => severity));
    });
  }

  const valid: [string, string, object?][] = [
    // Without client certificates the whole mistake (bind, TLS, mTLS) is worker-api-mtls's one finding.
    ["0.0.0.0 without mTLS", config("0.0.0.0:50061")],
    ["[::] with TLS but no client CA", config("[::]:50061", ', tls: { cert_file: "/a.pem", key_file: "/b.pem" }')],
    ["loopback", config("127.0.0.1:50061")],
    ["a private address", config("10.0.0.5:50061")],
    ["IPv6 loopback", config("[::1]:50061")],
    ["a wildcard server without the worker API", config("0.0.0.0:50051", "", 'cas: [{ cas_store: "CAS" }]')],
    ["an address from an unset variable (lenient)", config("${WORKER_ADDR}"), { lenientEnv: true }],
    ["an address that does not parse (listen-address-valid reports it)", config(":50061")],
  ];
  for (const [name, text, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, o))).toEqual([]);
    });
  }

  it("judges an expanded address", async () => {
    expect(lines(await mine(config("${WORKER_ADDR}", MTLS), { env: { WORKER_ADDR: "0.0.0.0:50061" } }))).toHaveLength(1);
  });

  it("is a warning in production, an info in development and an error in strict", async () => {
    expect((await mine(config("0.0.0.0:50061", MTLS), { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(config("0.0.0.0:50061", MTLS), { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
    expect((await mine(config("0.0.0.0:50061", MTLS), { profile: "strict" })).map((f) => f.severity)).toEqual(["error"]);
  });

  it("points at socket_address and carries no NativeLink message", async () => {
    const f = firstOf(await mine(config("0.0.0.0:50061", MTLS)));
    expect(f.pointer).toBe("/servers/0/listener/http/socket_address");
    expect(f.nativelink).toBeUndefined();
    expect(f.category).toBe("security");
    expect(f.hint).toContain("127.0.0.1:50061");
  });
});
