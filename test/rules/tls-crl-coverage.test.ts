import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, findings, found, rel, server, serverPki, sh, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-crl-coverage";
const ROOT = "CN=Preflight Test Root CA, O=nativelink-preflight";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";

let pki: Pki;
let tls: (ca: string, crl: string) => ReturnType<typeof server>;
beforeAll(async () => {
  pki = await serverPki();
  tls = (ca, crl) => server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: ca, client_crl_file: crl });
  write(pki, "ca-all.pem", text(pki, "caBundle") + text(pki, "foreignCa"));
});

describe(RULE, () => {
  it("warns about a client CA no CRL covers", async () => {
    const b = tls(rel(pki, "caBundle"), rel(pki, "crl"));
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} no CRL in client_crl_file "crl.pem" is issued by the client CA ${ROOT} (certificate 2 of client_ca_file "ca-bundle.pem"): NativeLink rejects every client certificate or intermediate that CA issues directly, because it cannot check its revocation`,
    ]);
  });

  it("names each uncovered CA", async () => {
    const b = tls("ca-all.pem", rel(pki, "rootCrl"));
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("client_crl_file")} no CRL in client_crl_file "root-crl.pem" is issued by the client CA ${INTER} (certificate 1 of client_ca_file "ca-all.pem"): NativeLink rejects every client certificate or intermediate that CA issues directly, because it cannot check its revocation`,
      `${b.at("client_crl_file")} no CRL in client_crl_file "root-crl.pem" is issued by the client CA CN=Some Other CA, O=elsewhere (certificate 3 of client_ca_file "ca-all.pem"): NativeLink rejects every client certificate or intermediate that CA issues directly, because it cannot check its revocation`,
    ]);
  });

  it("passes when every CA has a CRL, when there is no CRL file, and when the CRLs read as none", async () => {
    expect(await found(pki, tls(rel(pki, "caBundle"), rel(pki, "crlBundle")).config, RULE)).toEqual([]);
    expect(await found(pki, tls(rel(pki, "intermediateCa"), rel(pki, "crl")).config, RULE)).toEqual([]);
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: rel(pki, "caBundle") }).config, RULE)).toEqual([]);
    // zero CRLs turn revocation off (tls-file-pem says so): nothing to cover
    expect(await found(pki, tls(rel(pki, "caBundle"), rel(pki, "crlDer")).config, RULE)).toEqual([]);
  });

  it("carries rustls' error, severity and pointers", async () => {
    const [f] = await findings(pki, tls(rel(pki, "caBundle"), rel(pki, "crl")).config, RULE);
    expect(f?.nativelink).toBe("invalid peer certificate: UnknownRevocationStatus");
    expect(f?.severity).toBe("warning");
    expect(f?.pointer).toBe("/servers/0/listener/http/tls/client_crl_file");
    expect(f?.related?.[0]?.pointer).toBe("/servers/0/listener/http/tls/client_ca_file");
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("list the CRLs' issuers: the root is missing from crl.pem and present in the bundle", async () => {
      const [f] = await findings(pki, tls(rel(pki, "caBundle"), rel(pki, "crl")).config, RULE);
      const one = sh(f!.reproduce!);
      expect(one.status).toBe(0);
      expect(one.out).toMatch(/Intermediate CA/);
      expect(one.out).not.toMatch(/Root CA/);
      expect(sh(f!.reproduce!.replace("crl.pem", "crl-bundle.pem")).out).toMatch(/Root CA/);
    });
  });
});
