import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { KU, crlFor, ecKeys, issue, pem, type Pki } from "../helpers/pki.ts";
import { DAY, HAS_OPENSSL, NOW, OPENSSL_SKIP, findings, found, rel, server, serverPki, sh, write } from "../helpers/tls-server.ts";

const RULE = "tls-crl-valid";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

let pki: Pki;
let tls: (crl: string, ca?: string) => ReturnType<typeof server>;
beforeAll(async () => {
  pki = await serverPki();
  tls = (crl, ca = rel(pki, "caBundle")) => server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: ca, client_crl_file: crl });
  // A CA and, signed by another key under the same name, a CRL that does not verify.
  const ca = await issue({ subject: "CN=Worker CA", serial: "11", keys: await ecKeys(), notBefore: at(-100), notAfter: at(900), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const impostor = await issue({ subject: "CN=Worker CA", serial: "12", keys: await ecKeys(), notBefore: at(-100), notAfter: at(900), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  write(pki, "worker-ca.pem", pem(ca.cert));
  write(pki, "forged.crl", pem(await crlFor(impostor, { thisUpdate: at(-1), nextUpdate: at(30), number: 1 })));
  write(pki, "worker-ca.crl", pem(await crlFor(ca, { thisUpdate: at(-1), nextUpdate: at(30), number: 1 })));
  // A delta CRL, which webpki refuses to parse.
  const delta = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate: at(-1),
    nextUpdate: at(30),
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    signingKey: ca.keys.privateKey,
    extensions: [new x509.Extension("2.5.29.20", false, new Uint8Array([0x02, 0x01, 0x02])), new x509.Extension("2.5.29.27", true, new Uint8Array([0x02, 0x01, 0x01]))],
  });
  write(pki, "delta.crl", pem(delta));
  write(pki, "junk.crl", "-----BEGIN X509 CRL-----\nAAECAwQF\n-----END X509 CRL-----\n");
});

describe(RULE, () => {
  it("warns that client_crl_file without client_ca_file is ignored", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_crl_file: rel(pki, "crl") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} client_crl_file "crl.pem" is set without client_ca_file: NativeLink does not ask clients for certificates and ignores the CRL`,
    ]);
  });

  it("reports a CRL webpki cannot parse", async () => {
    const b = tls("delta.crl", "worker-ca.pem");
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} CRL 1 of client_crl_file "delta.crl" (issuer CN=Worker CA, line 1) is refused by rustls (UnsupportedDeltaCrl): startup stops`,
    ]);
  });

  it("reports an X509 CRL block that is not a CRL", async () => {
    const b = tls("junk.crl");
    const got = await found(pki, b.config, RULE);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(new RegExp(`^${b.at("client_crl_file")} CRL 1 of client_crl_file "junk.crl" \\(line 1\\) is not a valid CRL \\(.+\\): startup stops$`));
  });

  it("reports a CRL whose signature does not verify with its CA", async () => {
    const b = tls("forged.crl", "worker-ca.pem");
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} CRL 1 of client_crl_file "forged.crl" (issuer CN=Worker CA, line 1) does not verify with the key of the client CA CN=Worker CA: every client whose certificate that CA issued is rejected`,
    ]);
  });

  it("warns about a CRL from a CA that is not a client CA", async () => {
    const b = tls(rel(pki, "crlForeign"));
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} CRL 1 of client_crl_file "crl-foreign.pem" (issuer CN=Some Other CA, O=elsewhere, line 1) is not issued by any certificate in client_ca_file "ca-bundle.pem": rustls uses it only for client chains that include an intermediate CA named CN=Some Other CA, O=elsewhere, otherwise it revokes nothing`,
    ]);
  });

  it("warns about a CRL past its nextUpdate, judged at --at", async () => {
    const b = tls(rel(pki, "crlExpired"));
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} CRL 1 of client_crl_file "crl-expired.pem" (issuer ${INTER}, line 1) is past its nextUpdate (2026-10-23): rustls ignores CRL expiry by default, so NativeLink keeps using it and accepts clients revoked since it was published`,
    ]);
    expect(await found(pki, b.config, RULE, at(-40))).toEqual([]);
  });

  it("passes current CRLs of the client CAs, and an intermediate's CRL when the intermediate is known", async () => {
    for (const [crl, ca] of [[rel(pki, "crlBundle"), rel(pki, "caBundle")], ["worker-ca.crl", "worker-ca.pem"]] as const) {
      expect(await found(pki, tls(crl, ca).config, RULE)).toEqual([]);
    }
    // client_ca_file holds only the root; the intermediate that signed the CRL is in cert_file's chain
    const known = server({ cert_file: rel(pki, "serverChain"), key_file: rel(pki, "serverKey"), client_ca_file: rel(pki, "rootCa"), client_crl_file: rel(pki, "crlBundle") });
    expect(await found(pki, known.config, RULE)).toEqual([]);
    // no CRL block at all is tls-file-pem's
    expect(await found(pki, tls(rel(pki, "crlDer")).config, RULE)).toEqual([]);
  });

  it("carries NativeLink's messages and severities", async () => {
    const [delta] = await findings(pki, tls("delta.crl", "worker-ca.pem").config, RULE);
    expect(delta?.nativelink).toBe("provided CRL could not be parsed: UnsupportedDeltaCrl");
    expect(delta?.severity).toBe("error");
    expect(delta?.pointer).toBe("/servers/0/listener/http/tls/client_crl_file");
    const [junk] = await findings(pki, tls("junk.crl").config, RULE);
    expect(junk?.nativelink).toBe("provided CRL could not be parsed: ParseError");
    const [forged] = await findings(pki, tls("forged.crl", "worker-ca.pem").config, RULE);
    expect(forged?.nativelink).toBe("invalid certificate revocation list: BadSignature");
    expect(forged?.severity).toBe("error");
    const [stale] = await findings(pki, tls(rel(pki, "crlExpired")).config, RULE);
    expect(stale?.severity).toBe("warning");
    const [alone] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_crl_file: rel(pki, "crl") }).config, RULE);
    expect(alone?.severity).toBe("warning");
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("fail to verify the forged CRL and verify the genuine one", async () => {
      const [f] = await findings(pki, tls("forged.crl", "worker-ca.pem").config, RULE);
      expect(f?.reproduce).toBe(`openssl crl -noout -issuer -lastupdate -nextupdate -CAfile ${pki.dir}/worker-ca.pem -in ${pki.dir}/forged.crl`);
      expect(sh(f!.reproduce!).out).toMatch(/verify failure/);
      expect(sh(f!.reproduce!.replace("forged.crl", "worker-ca.crl")).out).toMatch(/verify OK/);
    });
    it("show the stale nextUpdate", async () => {
      const [f] = await findings(pki, tls(rel(pki, "crlExpired")).config, RULE);
      expect(sh(f!.reproduce!).out).toMatch(/nextUpdate=Oct 23 00:00:00 2026 GMT/);
    });
  });
});
