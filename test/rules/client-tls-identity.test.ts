import { beforeAll, describe, expect, it } from "vitest";
import { lines } from "../helpers/lint.ts";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, SCHED, SCHED_STOPS, STORE, STORE_STOPS, WORKER, WORKER_LOOPS, clientPki, col, findings, rel, runCmd, text, tls, write } from "../helpers/client-tls.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-identity";
const MTLS = (inner: string) => `Error { code: InvalidArgument, messages: ["${inner}", "transport error", "Setting mTLS configuration"] }`;
const CLIENT = "CN=worker-01, O=nativelink-preflight";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";

describe(RULE, () => {
  let pki: Pki;
  let ca: string;
  beforeAll(async () => {
    pki = await clientPki();
    ca = rel(pki, "caBundle");
    write(pki, "client-unterminated.pem", text(pki, "client").replace(/-----END CERTIFICATE-----\n$/, ""));
    write(pki, "client-latin1.pem", Buffer.concat([Buffer.from("# worker-01 \xa9 ops\n", "latin1"), Buffer.from(text(pki, "client"))]));
    write(pki, "client-bad-der.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    write(pki, "client-inter-first.pem", text(pki, "intermediateCa") + text(pki, "client"));
  });
  const run = async (config: string) => lines(await findings(pki, config, RULE));

  it("reports a key file given as cert_file: no certificate to present", async () => {
    const config = STORE(tls({ ca, cert: rel(pki, "clientKey"), key: rel(pki, "clientKey") }));
    expect(await run(config)).toEqual([
      `1:${col(config, 'cert_file: "client.key"') + 11} cert_file "client.key" holds no CERTIFICATE section (PRIVATE KEY at line 1), so there is no client certificate to present; ${STORE_STOPS}`,
    ]);
  });

  it("reports a malformed PEM section", async () => {
    const config = WORKER(tls({ ca, cert: "client-unterminated.pem", key: rel(pki, "clientKey") }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"client-unterminated.pem"')} cert_file "client-unterminated.pem" has a malformed PEM section: the -----BEGIN CERTIFICATE----- section at line 1 has no END line, so tonic cannot read the client certificate; ${WORKER_LOOPS}`,
    ]);
  });

  it("reports bytes that are not UTF-8", async () => {
    const config = SCHED(tls({ ca, cert: "client-latin1.pem", key: rel(pki, "clientKey") }));
    expect(await run(config)).toEqual([`1:${col(config, '"client-latin1.pem"')} cert_file "client-latin1.pem" is not UTF-8 text, and NativeLink reads it as text; ${SCHED_STOPS}`]);
  });

  it("reports a first certificate that is not DER", async () => {
    const config = STORE(tls({ ca, cert: "client-bad-der.pem", key: rel(pki, "clientKey") }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"client-bad-der.pem"')} the first certificate of cert_file "client-bad-der.pem", at line 1, is not a valid certificate (trailing data after the outer element); ${STORE_STOPS}`,
    ]);
  });

  it("reports a key that belongs to another certificate, at key_file", async () => {
    const config = STORE(tls({ ca, cert: rel(pki, "client"), key: rel(pki, "serverKey") }));
    expect(await run(config)).toEqual([
      `1:${col(config, '"server.key"')} key_file "server.key" (the key at line 1) does not belong to the client certificate ${CLIENT} in cert_file "client.pem"; ${STORE_STOPS}`,
    ]);
  });

  it("reports a chain with the client certificate second, at cert_file", async () => {
    const config = WORKER(tls({ ca, cert: "client-inter-first.pem", key: rel(pki, "clientKey") }));
    const line = text(pki, "intermediateCa").split("\n").length;
    expect(await run(config)).toEqual([
      `1:${col(config, '"client-inter-first.pem"')} cert_file "client-inter-first.pem" starts with ${INTER} (line 1), but key_file "client.key" belongs to ${CLIENT} at line ${line}: rustls takes the first certificate as the client certificate; ${WORKER_LOOPS}`,
    ]);
  });

  it("reports a v1 certificate, which webpki refuses as an end-entity certificate", async () => {
    if (!pki.files.v1) return; // pki.v1Skipped says why
    const config = STORE(tls({ ca, cert: rel(pki, "v1"), key: rel(pki, "clientKey") }));
    const [f] = await findings(pki, config, RULE);
    expect(f?.message).toBe(`rustls cannot use the first certificate of cert_file "v1.pem" (CN=v1.localhost, line 1) as a client certificate; ${STORE_STOPS}`);
    expect(f?.nativelink).toMatch(/^Error \{ code: InvalidArgument, messages: \["Error \{ code: InvalidArgument, messages: \[\\"invalid peer certificate: .+\\", \\"transport error\\", \\"Setting mTLS configuration\\"\] \}", "Invalid URI for GrpcStore endpoint", "Failed to create store 'U'", "main\(\) function failed"\] \}$/);
  });

  const valid: [string, () => string][] = [
    ["a client certificate and its key", () => STORE(tls({ ca, cert: rel(pki, "client"), key: rel(pki, "clientKey") }))],
    ["a chain, leaf first", () => WORKER(tls({ ca, cert: rel(pki, "clientChain"), key: rel(pki, "clientKey") }))],
    ["a SEC1 key for a server certificate reused as a client one (client-tls-cert judges the purpose)", () => STORE(tls({ ca, cert: rel(pki, "server"), key: rel(pki, "serverKeySec1") }))],
    ["a key file with two keys, the first one matching (tonic takes the first)", () => STORE(tls({ ca, cert: rel(pki, "server"), key: rel(pki, "twoKeys") }))],
    ["a mismatch with use_native_roots: true (never read)", () => STORE(tls({ native: true, cert: rel(pki, "client"), key: rel(pki, "serverKey") }))],
    ["a key tonic cannot read (client-tls-key reports it)", () => STORE(tls({ ca, cert: rel(pki, "client"), key: rel(pki, "encryptedKey") }))],
    ["a DER cert_file (tls-file-pem reports it)", () => STORE(tls({ ca, cert: rel(pki, "serverDer"), key: rel(pki, "serverKey") }))],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await run(config())).toEqual([]);
    });
  }

  it("points at the field and carries NativeLink's message", async () => {
    const [noCert] = await findings(pki, STORE(tls({ ca, cert: rel(pki, "clientKey"), key: rel(pki, "clientKey") })), RULE);
    expect(noCert?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config/cert_file");
    expect(noCert?.nativelink).toBe(grpcStoreChain(MTLS("peer sent no certificates")));
    const [pem] = await findings(pki, SCHED(tls({ ca, cert: "client-unterminated.pem", key: rel(pki, "clientKey") })), RULE);
    expect(pem?.nativelink).toBe("Error parsing TLS certificate.");
    const [utf8] = await findings(pki, STORE(tls({ ca, cert: "client-latin1.pem", key: rel(pki, "clientKey") })), RULE);
    expect(utf8?.nativelink).toBe(grpcStoreChain('Error { code: InvalidArgument, messages: ["stream did not contain valid UTF-8"] }'));
    const [mismatch] = await findings(pki, WORKER(tls({ ca, cert: rel(pki, "client"), key: rel(pki, "serverKey") })), RULE);
    expect(mismatch?.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config/key_file");
    expect(mismatch?.nativelink).toBe(MTLS("keys may not be consistent: KeyMismatch"));
    expect(mismatch?.related?.[0]?.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config/cert_file");
    expect(mismatch?.reproduce).toContain("diff <(openssl x509 -noout -pubkey");
  });

  describe.skipIf(!HAS_OPENSSL)(`the reproducer${OPENSSL_SKIP}`, () => {
    it("fails on a mismatched pair and passes on the matching one", async () => {
      const [bad] = await findings(pki, STORE(tls({ ca, cert: rel(pki, "client"), key: rel(pki, "serverKey") })), RULE);
      expect(runCmd(bad!.reproduce!).status).not.toBe(0);
      const good = bad!.reproduce!.replace(pki.files.serverKey, pki.files.clientKey);
      expect(good).not.toBe(bad!.reproduce);
      const r = runCmd(good);
      expect(r.status, r.out).toBe(0);
    });
    it("fails on a chain with the client certificate second", async () => {
      const [bad] = await findings(pki, STORE(tls({ ca, cert: "client-inter-first.pem", key: rel(pki, "clientKey") })), RULE);
      expect(runCmd(bad!.reproduce!).status).not.toBe(0);
    });
  });
});
