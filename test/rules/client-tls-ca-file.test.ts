import { beforeAll, describe, expect, it } from "vitest";
import { lines } from "../helpers/lint.ts";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, STORE, STORE_HANDSHAKE, STORE_STOPS, WORKER, WORKER_HANDSHAKE, WORKER_LOOPS, clientPki, col, findings, rel, runCmd, text, tls, write } from "../helpers/client-tls.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-ca-file";
const BAD_DER_BLOCK = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

describe(RULE, () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await clientPki();
    write(pki, "ca-unterminated.pem", text(pki, "rootCa").replace(/-----END CERTIFICATE-----\n$/, ""));
    write(pki, "ca-latin1.pem", Buffer.concat([Buffer.from("# Caf\xe9 CA\n", "latin1"), Buffer.from(text(pki, "rootCa"))]));
    write(pki, "ca-bad-der.pem", BAD_DER_BLOCK);
    write(pki, "ca-bundle-plus-bad.pem", text(pki, "caBundle") + BAD_DER_BLOCK);
  });

  const run = async (config: string) => lines(await findings(pki, config, RULE));

  it("reports a CA file holding only a CRL: every handshake fails", async () => {
    const config = STORE(tls({ ca: rel(pki, "crl") }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"crl.pem"')} ca_file "crl.pem" holds no CERTIFICATE section (X509 CRL at line 1), so no server certificate can be verified: ${STORE_HANDSHAKE}`,
    ]);
  });

  it("reports a CA file holding only a key, for a worker", async () => {
    const config = WORKER(tls({ ca: rel(pki, "clientKey") }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"client.key"')} ca_file "client.key" holds no CERTIFICATE section (PRIVATE KEY at line 1), so no server certificate can be verified: ${WORKER_HANDSHAKE}`,
    ]);
  });

  it("reports a section without its END line: tonic fails at startup", async () => {
    const config = STORE(tls({ ca: "ca-unterminated.pem" }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"ca-unterminated.pem"')} ca_file "ca-unterminated.pem" has a malformed PEM section: the -----BEGIN CERTIFICATE----- section at line 1 has no END line, so tonic cannot read it; ${STORE_STOPS}`,
    ]);
  });

  it("reports bytes that are not UTF-8 (read_to_string fails)", async () => {
    const config = WORKER(tls({ ca: "ca-latin1.pem" }));
    expect(await run(config)).toEqual([`1:${col(config, '"ca-latin1.pem"')} ca_file "ca-latin1.pem" is not UTF-8 text, and NativeLink reads it as text; ${WORKER_LOOPS}`]);
  });

  it("reports a file whose only certificate rustls drops", async () => {
    const config = STORE(tls({ ca: "ca-bad-der.pem" }));
    const got = await run(config);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(
      new RegExp(`^1:${col(config, '"ca-bad-der.pem"')} ca_file "ca-bad-der.pem" holds no certificate rustls can use as a trust anchor \\(the certificate at line 1: .+\\), so no server certificate can be verified: ${STORE_HANDSHAKE}$`),
    );
  });

  it("warns about a certificate rustls drops beside good ones", async () => {
    const config = STORE(tls({ ca: "ca-bundle-plus-bad.pem" }));
    const f = await findings(pki, config, RULE);
    expect(f.map((x) => x.severity)).toEqual(["warning"]);
    const line = text(pki, "caBundle").split("\n").length;
    expect(lines(f)[0]).toMatch(new RegExp(`^1:${col(config, '"ca-bundle-plus-bad.pem"')} rustls silently skips the certificate at line ${line} of ca_file "ca-bundle-plus-bad.pem" \\(.+\\), so a server whose chain ends at that certificate is not trusted$`));
  });

  const valid: [string, () => string][] = [
    ["a CA bundle", () => STORE(tls({ ca: rel(pki, "caBundle") }))],
    ["a single root", () => WORKER(tls({ ca: rel(pki, "rootCa") }))],
    ["a leaf and its intermediate (rustls takes any certificate as an anchor)", () => STORE(tls({ ca: rel(pki, "clientChain") }))],
    ["a CRL with use_native_roots: true (never read)", () => STORE(tls({ native: true, ca: rel(pki, "crl") }))],
    ["a DER file (tls-file-pem reports it)", () => STORE(tls({ ca: rel(pki, "serverDer") }))],
    ["an empty file (tls-file-pem reports it)", () => STORE(tls({ ca: rel(pki, "empty") }))],
    ["a missing file (tls-file-readable reports it)", () => STORE(tls({ ca: "nope.pem" }))],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await run(config())).toEqual([]);
    });
  }

  it("points at the field and carries NativeLink's message", async () => {
    const [startup] = await findings(pki, STORE(tls({ ca: "ca-unterminated.pem" })), RULE);
    expect(startup?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config/ca_file");
    expect(startup?.nativelink).toBe(grpcStoreChain('Error { code: InvalidArgument, messages: ["Error parsing TLS certificate.", "transport error", "Setting mTLS configuration"] }'));
    expect(startup?.reproduce).toContain("openssl crl2pkcs7 -nocrl -certfile");
    const [latin] = await findings(pki, WORKER(tls({ ca: "ca-latin1.pem" })), RULE);
    expect(latin?.nativelink).toBe("stream did not contain valid UTF-8");
    const [handshake] = await findings(pki, STORE(tls({ ca: rel(pki, "crl") })), RULE);
    expect(handshake?.nativelink).toBe("invalid peer certificate: UnknownIssuer");
    expect(handshake?.reproduce).toBe(`openssl x509 -noout -subject -in ${pki.files.crl}`);
  });

  describe.skipIf(!HAS_OPENSSL)(`the reproducer${OPENSSL_SKIP}`, () => {
    it("fails on a CA file without certificates and passes on a CA bundle", async () => {
      const [bad] = await findings(pki, STORE(tls({ ca: rel(pki, "crl") })), RULE);
      expect(runCmd(bad!.reproduce!).status).not.toBe(0);
      const good = bad!.reproduce!.replace(pki.files.crl, pki.files.caBundle);
      expect(good).not.toBe(bad!.reproduce);
      const r = runCmd(good);
      expect(r.status, r.out).toBe(0);
    });
  });
});
