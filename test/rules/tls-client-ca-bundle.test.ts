import { beforeAll, describe, expect, it } from "vitest";
import { KU, ecKeys, issue, pem, type Pki } from "../helpers/pki.ts";
import { DAY, HAS_OPENSSL, NOW, OPENSSL_SKIP, findings, found, rel, server, serverPki, sh, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-client-ca-bundle";
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

let pki: Pki;
let tls: (ca: string) => ReturnType<typeof server>;
beforeAll(async () => {
  pki = await serverPki();
  tls = (ca) => server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: ca });
  const old = await issue({ subject: "CN=Retired Client CA", serial: "05", keys: await ecKeys(), notBefore: at(-800), notAfter: at(-2), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  write(pki, "with-retired.pem", text(pki, "rootCa") + pem(old.cert));
  write(pki, "twice.pem", text(pki, "rootCa") + text(pki, "rootCa"));
  write(pki, "with-leaf.pem", text(pki, "rootCa") + text(pki, "client"));
  write(pki, "with-junk.pem", text(pki, "rootCa") + "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n");
});

describe(RULE, () => {
  it("reports the server's own certificate in the bundle", async () => {
    const b = tls(rel(pki, "server"));
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_ca_file")} certificate 1 of client_ca_file "server.pem" (CN=localhost, O=nativelink-preflight, line 1) is the server's own certificate (cert_file), not the CA that issues client certificates: clients are checked against whatever issued them, so only client certificates signed with the server's own key would be accepted`,
    ]);
  });

  it("reports a member that is not a CA", async () => {
    const b = tls("with-leaf.pem");
    const line = text(pki, "rootCa").split("\n").length;
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_ca_file")} certificate 2 of client_ca_file "with-leaf.pem" (CN=worker-01, O=nativelink-preflight, line ${line}) is not a CA certificate (no basicConstraints CA:TRUE): rustls trusts it anyway, but it issues no client certificates`,
    ]);
  });

  it("reports a duplicate member", async () => {
    const b = tls("twice.pem");
    const line = text(pki, "rootCa").split("\n").length;
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_ca_file")} certificate 2 of client_ca_file "twice.pem" (CN=Preflight Test Root CA, O=nativelink-preflight, line ${line}) is a duplicate of certificate 1`,
    ]);
  });

  it("reports an expired CA", async () => {
    const b = tls("with-retired.pem");
    const line = text(pki, "rootCa").split("\n").length;
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_ca_file")} certificate 2 of client_ca_file "with-retired.pem" (CN=Retired Client CA, line ${line}) expired on 2026-11-20: rustls does not check a trust anchor's dates, so NativeLink still accepts clients it issued, but the CA should be renewed`,
    ]);
  });

  it("reports a member rustls cannot add, which stops startup", async () => {
    const b = tls("with-junk.pem");
    const line = text(pki, "rootCa").split("\n").length;
    const got = await found(pki, b.config, RULE);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(new RegExp(`^${b.at("client_ca_file")} certificate 2 of client_ca_file "with-junk.pem" \\(line ${line}\\) is not a valid X.509 certificate \\(.+\\): startup stops$`));
  });

  it("passes CA bundles, and leaves files without certificates to tls-file-pem", async () => {
    for (const ca of [rel(pki, "caBundle"), rel(pki, "rootCa"), rel(pki, "intermediateCa"), rel(pki, "crl"), rel(pki, "empty")]) {
      expect(await found(pki, tls(ca).config, RULE)).toEqual([]);
    }
  });

  it("carries severities, NativeLink's message and a pointer", async () => {
    const [junk] = await findings(pki, tls("with-junk.pem").config, RULE);
    expect(junk?.severity).toBe("error");
    expect(junk?.nativelink).toBe("invalid peer certificate: BadEncoding");
    expect(junk?.pointer).toBe("/servers/0/listener/http/tls/client_ca_file");
    const [own] = await findings(pki, tls(rel(pki, "server")).config, RULE);
    expect(own?.severity).toBe("warning");
    expect(own?.related?.[0]?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("list the bundle's members, showing the stray leaf", async () => {
      const [f] = await findings(pki, tls("with-leaf.pem").config, RULE);
      const out = sh(f!.reproduce!);
      expect(out.status).toBe(0);
      expect(out.out).toMatch(/subject=CN\s*=\s*worker-01/);
    });
  });
});
