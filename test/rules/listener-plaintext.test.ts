import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "listener-plaintext";
const config = (http: string, name = "") =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ ${name ? `name: "${name}", ` : ""}listener: { http: { ${http} } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const TLS = 'tls: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem" }';
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["the IPv4 wildcard", config('socket_address: "0.0.0.0:50051"'), ["1:72 servers[0] listens on 0.0.0.0:50051 (every interface) without TLS"]],
    ["the IPv6 wildcard", config('socket_address: "[::]:50051"', "public"), ['1:88 server "public" listens on [::]:50051 (every interface) without TLS']],
    ["a private address", config('socket_address: "10.0.0.5:50051"'), ["1:72 servers[0] listens on 10.0.0.5:50051 without TLS"]],
    ["tls: null", config('socket_address: "192.168.1.10:50051", tls: null'), ["1:72 servers[0] listens on 192.168.1.10:50051 without TLS"]],
    ["an IPv6 address", config('socket_address: "[2001:db8::1]:50051"'), ["1:72 servers[0] listens on [2001:db8::1]:50051 without TLS"]],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string, object?][] = [
    ["TLS", config(`socket_address: "0.0.0.0:50051", ${TLS}`)],
    ["127.0.0.1", config('socket_address: "127.0.0.1:50051"')],
    ["anywhere in 127.0.0.0/8", config('socket_address: "127.8.9.10:50051"')],
    ["[::1]", config('socket_address: "[::1]:50051"')],
    ["IPv4-mapped loopback", config('socket_address: "[::ffff:127.0.0.1]:50051"')],
    ["an address from an unset variable (lenient)", config('socket_address: "${LISTEN}"'), { lenientEnv: true }],
    ["an address that does not parse", config('socket_address: "localhost:50051"')],
  ];
  for (const [name, text, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, o))).toEqual([]);
    });
  }

  it("judges the expanded address", async () => {
    const text = config('socket_address: "${LISTEN}"');
    expect(lines(await mine(text, { env: { LISTEN: "0.0.0.0:50051" } }))).toEqual(["1:72 servers[0] listens on 0.0.0.0:50051 (every interface) without TLS"]);
    expect(lines(await mine(text, { env: { LISTEN: "127.0.0.1:50051" } }))).toEqual([]);
  });

  it("is a warning in production (a proxy may terminate TLS), an info in development and an error in strict", async () => {
    const text = config('socket_address: "0.0.0.0:50051"');
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
    expect((await mine(text, { profile: "strict" })).map((f) => f.severity)).toEqual(["error"]);
  });

  it("points at listener.http, where tls goes", async () => {
    const f = firstOf(await mine(config('socket_address: "0.0.0.0:50051"')));
    expect(f.pointer).toBe("/servers/0/listener/http");
    expect(f.nativelink).toBeUndefined();
    expect(f.related?.[0]?.pointer).toBe("/servers/0/listener/http/socket_address");
  });
});
