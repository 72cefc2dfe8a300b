import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "worker-api-mtls";
const config = (http: string, services = 'worker_api: { scheduler: "MAIN" }') =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ listener: { http: { ${http} } }, services: { ${services} } }] }`;
const TLS = (extra = "") => `tls: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem"${extra} }`;
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["no TLS at all", config('socket_address: "10.0.0.5:50061"'), ["1:116 the worker API of servers[0] (10.0.0.5:50061) runs without TLS, so workers are never asked for a client certificate"]],
    [
      "no TLS on every interface: one finding for the bind, the missing TLS and the missing mTLS",
      config('socket_address: "0.0.0.0:50061"'),
      ["1:116 the worker API of servers[0] listens on every interface (0.0.0.0:50061) without TLS, so workers are never asked for a client certificate (mTLS): anything that reaches the port can register as a worker"],
    ],
    ["TLS without client_ca_file", config(`socket_address: "10.0.0.5:50061", ${TLS()}`), ["1:152 the worker API of servers[0] (10.0.0.5:50061) uses TLS without client_ca_file, so it accepts any client as a worker"]],
    ["client_ca_file: null (None)", config(`socket_address: "10.0.0.5:50061", ${TLS(", client_ca_file: null")}`), ["1:152 the worker API of servers[0] (10.0.0.5:50061) uses TLS without client_ca_file, so it accepts any client as a worker"]],
    ["tls: null", config('socket_address: "10.0.0.5:50061", tls: null'), ["1:116 the worker API of servers[0] (10.0.0.5:50061) runs without TLS, so workers are never asked for a client certificate"]],
    ["an address that does not parse", config('socket_address: "workers:50061"'), ["1:116 the worker API of servers[0] runs without TLS, so workers are never asked for a client certificate"]],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    // The security guide's own all-in-one layout: reachable from this machine only.
    ["no TLS on loopback", config('socket_address: "127.0.0.1:50061"')],
    ["no TLS on IPv6 loopback", config('socket_address: "[::1]:50061"')],
    ["mTLS", config(`socket_address: "10.0.0.5:50061", ${TLS(', client_ca_file: "/etc/nl/worker-ca.pem"')}`)],
    ["mTLS with a CA from a variable", config(`socket_address: "10.0.0.5:50061", ${TLS(', client_ca_file: "${WORKER_CA}"')}`)],
    ["a server without the worker API", config('socket_address: "10.0.0.5:50051"', 'cas: [{ cas_store: "CAS" }]')],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, { lenientEnv: true }))).toEqual([]);
    });
  }

  it("is an error in production and an info in development", async () => {
    const text = config('socket_address: "10.0.0.5:50061"');
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["error"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the listener without TLS, or at the tls block without a client CA", async () => {
    expect(firstOf(await mine(config('socket_address: "10.0.0.5:50061"'))).pointer).toBe("/servers/0/listener/http");
    const f = firstOf(await mine(config(`socket_address: "10.0.0.5:50061", ${TLS()}`)));
    expect(f.pointer).toBe("/servers/0/listener/http/tls");
    expect(f.nativelink).toBeUndefined();
    expect(f.hint).toContain("client_ca_file");
  });
});
