import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "mtls-crl";
const config = (tls: string, services = 'worker_api: { scheduler: "MAIN" }', name = "") =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ ${name ? `name: "${name}", ` : ""}listener: { http: { socket_address: "10.0.0.5:50061", tls: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem"${tls} } } }, services: { ${services} } }] }`;
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a worker API with a client CA and no CRL", config(', client_ca_file: "/etc/nl/worker-ca.pem"'), ["1:152 the worker API of servers[0] requires client certificates but has no client_crl_file, so a certificate cannot be revoked before it expires"]],
    [
      "a client listener with client_crl_file: null",
      config(', client_ca_file: "/etc/nl/client-ca.pem", client_crl_file: null', 'cas: [{ cas_store: "CAS" }]', "public"),
      ['1:168 server "public" requires client certificates but has no client_crl_file, so a certificate cannot be revoked before it expires'],
    ],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a client CA with a CRL", config(', client_ca_file: "/etc/nl/worker-ca.pem", client_crl_file: "/etc/nl/worker-crl.pem"')],
    ["TLS without client certificates (worker-api-mtls reports the worker API)", config("")],
    ["client_ca_file: null", config(", client_ca_file: null")],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text))).toEqual([]);
    });
  }

  it("is an info in both profiles (a recommendation)", async () => {
    const text = config(', client_ca_file: "/etc/nl/worker-ca.pem"');
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["info"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the tls block and relates client_ca_file", async () => {
    const f = firstOf(await mine(config(', client_ca_file: "/etc/nl/worker-ca.pem"')));
    expect(f.pointer).toBe("/servers/0/listener/http/tls");
    expect(f.related?.[0]?.pointer).toBe("/servers/0/listener/http/tls/client_ca_file");
    expect(f.nativelink).toBeUndefined();
  });
});
