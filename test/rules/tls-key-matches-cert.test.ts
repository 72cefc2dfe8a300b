import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, beginLine, findings, found, rel, server, serverPki, sh } from "../helpers/tls-server.ts";

const RULE = "tls-key-matches-cert";
const LEAF = "CN=localhost, O=nativelink-preflight";

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
});

describe(RULE, () => {
  it("reports a key from another certificate, at key_file", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "clientKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} the key in key_file "client.key" does not belong to the first certificate of cert_file "server.pem" (${LEAF}), so startup stops`,
    ]);
  });

  it("says so when no certificate of a chain file matches", async () => {
    const b = server({ cert_file: rel(pki, "serverChain"), key_file: rel(pki, "clientKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} the key in key_file "client.key" does not belong to the first certificate of cert_file "server-chain.pem" (${LEAF}) nor to any other certificate in it, so startup stops`,
    ]);
  });

  it("reports a chain whose leaf is not first, at cert_file", async () => {
    const b = server({ cert_file: rel(pki, "serverChainWrongOrder"), key_file: rel(pki, "serverKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} cert_file "server-chain-wrong-order.pem" is not in leaf-first order: the key in key_file "server.key" belongs to certificate 2 (${LEAF}, line ${beginLine(pki, "serverChainWrongOrder", 1)}), but NativeLink takes the first one (CN=Preflight Test Intermediate CA, O=nativelink-preflight) as the server's own, so startup stops`,
    ]);
  });

  it("passes matching pairs in every key format, and leaves unreadable keys and certificates to other rules", async () => {
    const ok: [keyof Pki["files"], keyof Pki["files"]][] = [
      ["server", "serverKey"],
      ["serverChain", "serverKeySec1"],
      ["rsaServer", "rsaServerKeyPkcs1"],
    ];
    for (const [cert, key] of ok) expect(await found(pki, server({ cert_file: rel(pki, cert), key_file: rel(pki, key) }).config, RULE)).toEqual([]);
    for (const [cert, key] of [
      ["server", "encryptedKey"],
      ["server", "weakRsaKey"],
      ["serverDer", "clientKey"],
      ["server", "twoKeys"],
    ] as const) {
      expect(await found(pki, server({ cert_file: rel(pki, cert), key_file: rel(pki, key) }).config, RULE)).toEqual([]);
    }
  });

  it("carries NativeLink's message, a pointer and a reproducer", async () => {
    const [f] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "clientKey") }).config, RULE);
    expect(f?.nativelink).toBe("keys may not be consistent: KeyMismatch");
    expect(f?.pointer).toBe("/servers/0/listener/http/tls/key_file");
    expect(f?.related?.[0]?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    expect(f?.reproduce).toBe(
      `diff <(openssl x509 -noout -pubkey -in ${pki.dir}/server.pem | openssl sha256) <(openssl pkey -pubout -passin pass: -in ${pki.dir}/client.key | openssl sha256)`,
    );
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("fail on a mismatched pair and a wrong-order chain, pass on the matching pair", async () => {
      const [mismatch] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "clientKey") }).config, RULE);
      expect(sh(mismatch!.reproduce!).status).not.toBe(0);
      expect(sh(mismatch!.reproduce!.replace("client.key", "server.key")).status).toBe(0);
      const [order] = await findings(pki, server({ cert_file: rel(pki, "serverChainWrongOrder"), key_file: rel(pki, "serverKey") }).config, RULE);
      expect(sh(order!.reproduce!).status).not.toBe(0);
      expect(sh(order!.reproduce!.replace("server-chain-wrong-order.pem", "server-chain.pem")).status).toBe(0);
    });
  });
});
