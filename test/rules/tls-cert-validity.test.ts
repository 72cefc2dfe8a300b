import { beforeAll, describe, expect, it } from "vitest";
import { KU, SERVER_AUTH, ecKeys, issue, pem, type Pki } from "../helpers/pki.ts";
import { DAY, HAS_OPENSSL, NOW, OPENSSL_SKIP, findings, found, rel, server, serverPki, sh, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-cert-validity";
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  // leaf (valid) + intermediate (expired) + root
  const [rk, ik, lk] = await Promise.all([ecKeys(), ecKeys(), ecKeys()]);
  const root = await issue({ subject: "CN=Old Root", serial: "01", keys: rk, notBefore: at(-900), notAfter: at(900), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const inter = await issue({ subject: "CN=Lapsed Intermediate", serial: "02", keys: ik, issuer: root, notBefore: at(-800), notAfter: at(-5), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const leaf = await issue({ subject: "CN=svc.localhost", serial: "03", keys: lk, issuer: inter, notBefore: at(-10), notAfter: at(80), eku: [SERVER_AUTH], san: { dns: ["svc.localhost"] }, ku: KU.digitalSignature });
  write(pki, "lapsed-chain.pem", pem(leaf.cert) + pem(inter.cert) + pem(root.cert));
  write(pki, "inter-then-expired.pem", text(pki, "intermediateCa") + text(pki, "expired"));
});

describe(RULE, () => {
  it("reports an expired server certificate", async () => {
    const b = server({ cert_file: rel(pki, "expired"), key_file: rel(pki, "expiredKey") });
    expect(await found(pki, b.config, RULE)).toEqual([`${b.at("cert_file")} the server certificate CN=expired.localhost in cert_file "expired.pem" expired on 2026-11-21: clients refuse it, so every TLS handshake fails`]);
  });

  it("reports a certificate not valid yet", async () => {
    const b = server({ cert_file: rel(pki, "notYetValid"), key_file: rel(pki, "serverKey") });
    expect(await found(pki, b.config, RULE)).toEqual([`${b.at("cert_file")} the server certificate CN=future.localhost in cert_file "not-yet-valid.pem" is not valid before 2026-12-02: until then clients refuse it, so every TLS handshake fails`]);
  });

  it("reports an expired intermediate, but not a root sent along", async () => {
    const b = server({ cert_file: "lapsed-chain.pem", key_file: rel(pki, "serverKey") });
    const got = await found(pki, b.config, RULE);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(new RegExp(`^${b.at("cert_file")} the CA certificate CN=Lapsed Intermediate \\(line \\d+\\) in cert_file "lapsed-chain.pem" expired on 2026-11-17: clients refuse it, so every TLS handshake fails$`));
  });

  it("names the key's certificate as the server's even when the chain is out of order", async () => {
    const b = server({ cert_file: "inter-then-expired.pem", key_file: rel(pki, "expiredKey") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} the server certificate CN=expired.localhost in cert_file "inter-then-expired.pem" expired on 2026-11-21: clients refuse it, so every TLS handshake fails`,
    ]);
  });

  it("warns within the expiry window, judged at --at", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey") });
    expect(await found(pki, b.config, RULE, at(355))).toEqual([`${b.at("cert_file")} the server certificate CN=localhost, O=nativelink-preflight in cert_file "server.pem" expires on 2027-11-22, in 10 days (warning window: 30 days)`]);
    expect(await found(pki, b.config, RULE, at(334))).toEqual([]);
  });

  it("passes valid certificates, and judges everything at --at", async () => {
    expect(await found(pki, server({ cert_file: rel(pki, "serverChain"), key_file: rel(pki, "serverKey") }).config, RULE)).toEqual([]);
    // the expired leaf was valid, and not yet in the warning window, 40 days earlier
    expect(await found(pki, server({ cert_file: rel(pki, "expired"), key_file: rel(pki, "expiredKey") }).config, RULE, at(-40))).toEqual([]);
  });

  it("carries rustls' text and severity", async () => {
    const [exp] = await findings(pki, server({ cert_file: rel(pki, "expired"), key_file: rel(pki, "expiredKey") }).config, RULE);
    expect(exp?.nativelink).toBe("invalid peer certificate: certificate expired: verification time 1795305600 (UNIX), but certificate is not valid after 1795219200 (86400 seconds ago)");
    expect(exp?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    const [nyv] = await findings(pki, server({ cert_file: rel(pki, "notYetValid"), key_file: rel(pki, "serverKey") }).config, RULE);
    expect(nyv?.nativelink).toBe("invalid peer certificate: certificate not valid yet: verification time 1795305600 (UNIX), but certificate is not valid before 1796169600 (864000 seconds in future)");
    const [soon] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey") }).config, RULE, { now: at(355) });
    expect(soon?.severity).toBe("warning");
    expect(soon?.nativelink).toBeUndefined();
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("fail on the expired and not-yet-valid leaves, pass on the good one", async () => {
      for (const [cert, key, name] of [["expired", "expiredKey", "expired.pem"], ["notYetValid", "serverKey", "not-yet-valid.pem"]] as const) {
        const [f] = await findings(pki, server({ cert_file: rel(pki, cert), key_file: rel(pki, key) }).config, RULE);
        expect(f?.reproduce).toBe(`openssl verify -partial_chain -attime 1795305600 -CAfile ${pki.dir}/${name} ${pki.dir}/${name}`);
        const bad = sh(f!.reproduce!);
        expect(bad.status).not.toBe(0);
        expect(bad.out).toMatch(/certificate has expired|certificate is not yet valid/);
        expect(sh(f!.reproduce!.replaceAll(name, "server.pem")).status).toBe(0);
      }
    });
  });
});
