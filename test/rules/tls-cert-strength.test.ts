import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, findings, found, rel, server, serverPki, sh, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-cert-strength";

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  write(pki, "sha1-chain.pem", text(pki, "sha1") + text(pki, "intermediateCa"));
});

describe(RULE, () => {
  it("warns about an RSA key under 2048 bits", async () => {
    const b = server({ cert_file: rel(pki, "weakRsa"), key_file: rel(pki, "weakRsaKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} the server certificate CN=weak.localhost in cert_file "weak-rsa.pem" has an RSA-1024 key, below the 2048 bits the guides require; rustls clients refuse RSA keys under 2048 bits`,
    ]);
  });

  it("reports a SHA-1 signature as an error", async () => {
    const b = server({ cert_file: "sha1-chain.pem", key_file: rel(pki, "serverKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} the server certificate CN=sha1.localhost in cert_file "sha1-chain.pem" is signed with ecdsa-with-SHA1: rustls clients refuse SHA-1 and MD5 signatures, so their TLS handshakes fail`,
    ]);
  });

  it.skipIf(!HAS_OPENSSL)(`warns about an EC key under 256 bits${OPENSSL_SKIP}`, async () => {
    const r = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-224", "-nodes", "-keyout", join(pki.dir, "p224.key"), "-out", join(pki.dir, "p224.pem"), "-subj", "/CN=p224.localhost", "-days", "30", "-addext", "subjectAltName=DNS:p224.localhost"]);
    if (r.status !== 0) { console.warn("skipped: this openssl cannot make a P-224 certificate"); return; }
    const b = server({ cert_file: "p224.pem", key_file: "p224.key" });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} the server certificate CN=p224.localhost in cert_file "p224.pem" has a 224-bit EC key (P-224), below the 256 bits the guides require`,
    ]);
  });

  it("passes P-256 and RSA-2048 chains, and ignores a root sent along", async () => {
    for (const [cert, key] of [["serverChain", "serverKey"], ["rsaServer", "rsaServerKeyPkcs1"]] as const) {
      expect(await found(pki, server({ cert_file: rel(pki, cert), key_file: rel(pki, key) }).config, RULE)).toEqual([]);
    }
  });

  it("carries severity, rustls' error and a reproducer", async () => {
    const [weak] = await findings(pki, server({ cert_file: rel(pki, "weakRsa"), key_file: rel(pki, "weakRsaKey") }).config, RULE);
    expect(weak?.severity).toBe("warning");
    expect(weak?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    const [sha1] = await findings(pki, server({ cert_file: rel(pki, "sha1"), key_file: rel(pki, "serverKey") }).config, RULE);
    expect(sha1?.severity).toBe("error");
    expect(sha1?.nativelink).toBe("invalid peer certificate: UnsupportedSignatureAlgorithmContext");
    expect(sha1?.reproduce).toBe(`openssl crl2pkcs7 -nocrl -certfile ${pki.dir}/sha1.pem | openssl pkcs7 -print_certs -text -noout | grep -E 'Subject:|Signature Algorithm:|Public-Key:'`);
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("show the weak algorithm on the broken certificate and not on the good one", async () => {
      const [sha1] = await findings(pki, server({ cert_file: rel(pki, "sha1"), key_file: rel(pki, "serverKey") }).config, RULE);
      expect(sh(sha1!.reproduce!).out).toMatch(/ecdsa-with-SHA1/);
      expect(sh(sha1!.reproduce!.replace("sha1.pem", "server.pem")).out).not.toMatch(/SHA1/);
      const [weak] = await findings(pki, server({ cert_file: rel(pki, "weakRsa"), key_file: rel(pki, "weakRsaKey") }).config, RULE);
      expect(sh(weak!.reproduce!).out).toMatch(/Public-Key: \(1024 bit\)/);
    });
  });
});
