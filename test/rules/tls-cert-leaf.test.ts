import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { KU, SERVER_AUTH, ecKeys, issue, pem, privateKeyObject, type Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, NOW, DAY, sh, findings, found, rel, server, serverPki, write } from "../helpers/tls-server.ts";

const RULE = "tls-cert-leaf";

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  // Self-signed leaves with one flaw each (and their keys, written at test time only).
  const leaf = async (name: string, extra: Partial<Parameters<typeof issue>[0]>) => {
    const keys = await ecKeys();
    const { cert } = await issue({ subject: `CN=${name}.localhost`, serial: "77", keys, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 90 * DAY), eku: [SERVER_AUTH], san: { dns: [`${name}.localhost`] }, ku: KU.digitalSignature, ...extra });
    write(pki, `${name}.pem`, pem(cert));
    write(pki, `${name}.key`, (await privateKeyObject(keys)).export({ type: "pkcs8", format: "pem" }));
  };
  await leaf("no-digsig", { ku: KU.keyEncipherment });
  await leaf("critical", { extraExtensions: [new x509.Extension("1.3.6.1.4.1.99999.1", true, new Uint8Array([0x05, 0x00]))] });
  write(pki, "not-der.pem", "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n");
});

describe(RULE, () => {
  type Case = [string, string, string, string];
  const cases: Case[] = [
    ["a CA certificate as the leaf", "caAsLeaf", "caAsLeafKey", 'the server certificate CN=ca-as-leaf.localhost in cert_file "ca-as-leaf.pem" is a CA certificate (basicConstraints CA:TRUE): clients refuse a CA as the server\'s own certificate, so every TLS handshake fails'],
    ["no subjectAltName", "cnOnly", "serverKey", 'the server certificate CN=cn-only.localhost in cert_file "cn-only.pem" has no DNS or IP name in a subjectAltName extension (only the subject CN "cn-only.localhost"): rustls clients ignore the CN and refuse the certificate for every name'],
    ["a client certificate used by a server", "client", "clientKey", 'the server certificate CN=worker-01, O=nativelink-preflight in cert_file "client.pem" has an extendedKeyUsage of clientAuth, without serverAuth: clients refuse it for a server'],
    ["keyUsage without digitalSignature", "no-digsig.pem", "no-digsig.key", 'the server certificate CN=no-digsig.localhost in cert_file "no-digsig.pem" has a keyUsage of keyEncipherment, without digitalSignature: rustls clients ignore keyUsage, but clients that enforce it (BoringSSL, used by gRPC C++ and Bazel\'s netty-tcnative, among them) refuse a server key that may not sign the handshake'],
    ["an unknown critical extension", "critical.pem", "critical.key", 'the server certificate CN=critical.localhost in cert_file "critical.pem" has a critical extension rustls does not understand (1.3.6.1.4.1.99999.1): startup stops'],
    ["a first block that is not a certificate", "not-der.pem", "serverKey", 'the first certificate of cert_file "not-der.pem" (line 1) is not a valid X.509 certificate ('],
  ];
  const file = (f: string) => (f in pki.files ? rel(pki, f as keyof Pki["files"]) : f);
  for (const [name, cert, key, want] of cases) {
    it(`reports ${name}`, async () => {
      const b = server({ cert_file: file(cert), key_file: file(key) });
      const got = await found(pki, b.config, RULE);
      expect(got).toHaveLength(1);
      if (want.endsWith("(")) expect(got[0]!.startsWith(`${b.at("cert_file")} ${want}`)).toBe(true);
      else expect(got).toEqual([`${b.at("cert_file")} ${want}`]);
    });
  }

  it("reports an X.509 v1 certificate", async () => {
    if (!pki.files.v1) { console.warn(`skipped: ${pki.v1Skipped}`); return; }
    const b = server({ cert_file: rel(pki, "v1"), key_file: rel(pki, "serverKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} the server certificate CN=v1.localhost in cert_file "v1.pem" is an X.509 v1 certificate, and rustls accepts only v3 as a server certificate: startup stops`,
    ]);
  });

  it("passes good leaves, and a chain whose leaf is not first (tls-key-matches-cert's)", async () => {
    for (const [cert, key] of [["server", "serverKey"], ["serverChain", "serverKey"], ["rsaServer", "rsaServerKeyPkcs1"], ["serverChainWrongOrder", "serverKey"]] as const) {
      expect(await found(pki, server({ cert_file: rel(pki, cert), key_file: rel(pki, key) }).config, RULE)).toEqual([]);
    }
  });

  it("carries what NativeLink or its rustls clients print", async () => {
    const first = async (cert: string, key: string) => (await findings(pki, server({ cert_file: file(cert), key_file: file(key) }).config, RULE))[0];
    expect((await first("caAsLeaf", "caAsLeafKey"))?.nativelink).toBe("invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))");
    expect((await first("cnOnly", "serverKey"))?.nativelink).toBe('invalid peer certificate: certificate not valid for name "cn-only.localhost"; certificate is not valid for any names (according to its subjectAltName extension)');
    expect((await first("client", "clientKey"))?.nativelink).toBe("invalid peer certificate: certificate does not allow extended key usage for server authentication, allows client authentication");
    expect((await first("critical.pem", "critical.key"))?.nativelink).toBe("invalid peer certificate: Other(OtherError(UnsupportedCriticalExtension))");
    expect((await first("not-der.pem", "serverKey"))?.nativelink).toBe("invalid peer certificate: BadEncoding");
    const ku = await first("no-digsig.pem", "no-digsig.key");
    expect(ku?.severity).toBe("warning");
    expect(ku?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    expect(ku?.reproduce).toBe(`openssl x509 -noout -subject -dates -ext subjectAltName,extendedKeyUsage,keyUsage,basicConstraints -in ${pki.dir}/no-digsig.pem`);
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("show the flaw on the broken certificate and not on the good one", async () => {
      const [ca] = await findings(pki, server({ cert_file: rel(pki, "caAsLeaf"), key_file: rel(pki, "caAsLeafKey") }).config, RULE);
      const bad = sh(ca!.reproduce!);
      expect(bad.status).toBe(0);
      expect(bad.out).toMatch(/CA:TRUE/);
      expect(sh(ca!.reproduce!.replace("ca-as-leaf.pem", "server.pem")).out).not.toMatch(/CA:TRUE/);
      const [eku] = await findings(pki, server({ cert_file: rel(pki, "client"), key_file: rel(pki, "clientKey") }).config, RULE);
      expect(sh(eku!.reproduce!).out).toMatch(/TLS Web Client Authentication/);
      expect(sh(eku!.reproduce!.replace("client.pem", "server.pem")).out).toMatch(/TLS Web Server Authentication/);
    });
  });
});
