import { beforeAll, describe, expect, it } from "vitest";
import { lines } from "../helpers/lint.ts";
import { DAY, type Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, NOW, OPENSSL_SKIP, STORE, STORE_HANDSHAKE, WORKER, WORKER_HANDSHAKE, clientPki, col, findings, rel, runCmd, tls } from "../helpers/client-tls.ts";

const RULE = "client-tls-cert";
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

describe(RULE, () => {
  let pki: Pki;
  let ca: string;
  beforeAll(async () => {
    pki = await clientPki();
    ca = rel(pki, "caBundle");
  });
  const identity = (cert: keyof Pki["files"], key: keyof Pki["files"]) => tls({ ca, cert: rel(pki, cert), key: rel(pki, key) });
  const run = async (config: string, now = NOW) => lines(await findings(pki, config, RULE, now));
  const EKU = (who: string, consequence = STORE_HANDSHAKE) =>
    `${who} has extendedKeyUsage serverAuth without clientAuth, so a rustls server refuses it as a client certificate: ${consequence}`;

  it("reports an expired server certificate reused as a client one: dates and purpose", async () => {
    const config = WORKER(identity("expired", "expiredKey"));
    const c = col(config, '"expired.pem"');
    const who = 'client certificate CN=expired.localhost in cert_file "expired.pem"';
    expect(await run(config)).toEqual([
      `1:${c} ${who} expired on 2026-11-21, so the server refuses it: ${WORKER_HANDSHAKE}`,
      `1:${c} ${EKU(who, WORKER_HANDSHAKE)}`,
    ]);
  });

  it("reports a certificate that is not valid yet", async () => {
    const config = STORE(identity("notYetValid", "clientKey"));
    const c = col(config, '"not-yet-valid.pem"');
    const who = 'client certificate CN=future.localhost in cert_file "not-yet-valid.pem"';
    expect(await run(config)).toEqual([`1:${c} ${EKU(who)}`, `1:${c} ${who} is not valid until 2026-12-02, so the server refuses it until then: ${STORE_HANDSHAKE}`]);
  });

  it("warns about a certificate that expires within the warning window", async () => {
    const config = STORE(identity("client", "clientKey"));
    const later = new Date(NOW.getTime() + 351 * DAY);
    const f = await findings(pki, config, RULE, later);
    expect(lines(f)).toEqual([
      `1:${col(config, '"client.pem"')} client certificate CN=worker-01, O=nativelink-preflight in cert_file "client.pem" expires on 2027-11-22, in 14 days (within the 30-day warning window); after that the server refuses it`,
    ]);
    expect(f[0]?.severity).toBe("warning");
  });

  it("reports a CA certificate used as a client certificate", async () => {
    const config = STORE(identity("caAsLeaf", "caAsLeafKey"));
    const c = col(config, '"ca-as-leaf.pem"');
    const who = 'client certificate CN=ca-as-leaf.localhost in cert_file "ca-as-leaf.pem"';
    expect(await run(config)).toEqual([`1:${c} ${EKU(who)}`, `1:${c} ${who} is a CA certificate (basicConstraints CA:TRUE), which rustls refuses as a client certificate: ${STORE_HANDSHAKE}`]);
  });

  it("reports a SHA-1 signature", async () => {
    const config = STORE(tls({ ca, cert: rel(pki, "sha1") }));
    const c = col(config, '"sha1.pem"');
    const who = 'client certificate CN=sha1.localhost in cert_file "sha1.pem"';
    expect(await run(config)).toEqual([`1:${c} ${EKU(who)}`, `1:${c} ${who} is signed with ecdsa-with-SHA1, which rustls does not accept, so the server refuses it: ${STORE_HANDSHAKE}`]);
  });

  it("warns about a weak RSA key", async () => {
    const config = STORE(identity("weakRsa", "weakRsaKey"));
    const f = await findings(pki, config, RULE);
    const c = col(config, '"weak-rsa.pem"');
    const who = 'client certificate CN=weak.localhost in cert_file "weak-rsa.pem"';
    expect(lines(f)).toEqual([`1:${c} ${who} has a 1024-bit RSA key; the security guides require at least 2048-bit RSA`, `1:${c} ${EKU(who)}`]);
    expect(f.map((x) => x.severity)).toEqual(["warning", "error"]);
  });

  const valid: [string, () => string][] = [
    ["a client certificate", () => STORE(identity("client", "clientKey"))],
    ["a client chain", () => WORKER(identity("clientChain", "clientKey"))],
    ["a client certificate without subjectAltName", () => STORE(identity("revokedClient", "revokedClientKey"))],
    ["an expired certificate with use_native_roots: true (never sent)", () => STORE(tls({ native: true, cert: rel(pki, "expired"), key: rel(pki, "expiredKey") }))],
    ["a file without certificates (client-tls-identity reports it)", () => STORE(identity("clientKey", "clientKey"))],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await run(config())).toEqual([]);
    });
  }

  it("points at cert_file and carries what the rustls server prints", async () => {
    const [expired, eku] = await findings(pki, STORE(identity("expired", "expiredKey")), RULE);
    expect(expired?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config/cert_file");
    const notAfter = secs(new Date(NOW.getTime() - DAY));
    expect(expired?.nativelink).toBe(
      `invalid peer certificate: certificate expired: verification time ${secs(NOW)} (UNIX), but certificate is not valid after ${notAfter} (${secs(NOW) - notAfter} seconds ago)`,
    );
    expect(eku?.nativelink).toBe("invalid peer certificate: certificate does not allow extended key usage for client authentication, allows server authentication");
    const future = (await findings(pki, STORE(identity("notYetValid", "clientKey")), RULE)).find((f) => f.message.includes("not valid until"));
    const notBefore = secs(new Date(NOW.getTime() + 10 * DAY));
    expect(future?.nativelink).toBe(
      `invalid peer certificate: certificate not valid yet: verification time ${secs(NOW)} (UNIX), but certificate is not valid before ${notBefore} (${notBefore - secs(NOW)} seconds in future)`,
    );
    expect(expired?.reproduce).toBe(
      `openssl verify -partial_chain -purpose sslclient -CAfile ${pki.files.expired} -attime ${secs(NOW)} ${pki.files.expired}`,
    );
  });

  describe.skipIf(!HAS_OPENSSL)(`the reproducer${OPENSSL_SKIP}`, () => {
    it("fails on an expired certificate and on a server-only one, and passes on a client certificate", async () => {
      const [expired, eku] = await findings(pki, STORE(identity("expired", "expiredKey")), RULE);
      expect(runCmd(expired!.reproduce!).out).toContain("certificate has expired");
      expect(runCmd(eku!.reproduce!).status).not.toBe(0);
      const [serverOnly] = await findings(pki, STORE(identity("server", "serverKey")), RULE);
      expect(runCmd(serverOnly!.reproduce!).out).toContain("unsuitable certificate purpose");
      const good = expired!.reproduce!.split(pki.files.expired).join(pki.files.client);
      const r = runCmd(good);
      expect(r.status, r.out).toBe(0);
    });
  });
});
