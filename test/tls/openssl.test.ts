import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslCrlCmd, opensslDatesCmd, opensslKeyMatchCmd, opensslVerifyCmd, shellQuote } from "../../src/tls/openssl.ts";
import { makePki, type Pki } from "../helpers/pki.ts";

const which = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).status === 0;
const hasOpenssl = which("openssl");
const hasBash = which("bash");
const missing = [!hasOpenssl && "openssl", !hasBash && "bash"].filter(Boolean).join(" and ");

describe("command strings", () => {
  it.each([
    ["plain", "/etc/nl/ca.pem", "/etc/nl/ca.pem"],
    ["space", "/etc/my certs/ca.pem", "'/etc/my certs/ca.pem'"],
    ["single quote", "/tmp/it's.pem", "'/tmp/it'\\''s.pem'"],
    ["dollar", "/tmp/$HOME.pem", "'/tmp/$HOME.pem'"],
    ["empty", "", "''"],
  ])("shellQuote: %s", (_n, word, want) => {
    expect(shellQuote(word)).toBe(want);
  });

  it("verify: purpose, CA, untrusted, CRL, time, host", () => {
    const at = new Date("2030-01-02T03:04:05Z");
    expect(opensslVerifyCmd({ caFile: "ca.pem", untrusted: "chain.pem", crlFile: "crl.pem", purpose: "sslclient", at, certFile: "my cert.pem" })).toBe(
      `openssl verify -purpose sslclient -CAfile ca.pem -untrusted chain.pem -crl_check -CRLfile crl.pem -attime ${at.getTime() / 1000} 'my cert.pem'`,
    );
    expect(opensslVerifyCmd({ caFile: "ca.pem", crlFile: "crl.pem", crlCheck: "all", purpose: "sslserver", certFile: "c.pem" })).toBe(
      "openssl verify -purpose sslserver -CAfile ca.pem -crl_check_all -CRLfile crl.pem c.pem",
    );
    expect(opensslVerifyCmd({ caFile: "ca.pem", purpose: "sslserver", certFile: "c.pem", host: "[::1]" })).toContain("-verify_ip ::1");
    expect(opensslVerifyCmd({ caFile: "ca.pem", purpose: "sslserver", certFile: "c.pem", host: "localhost" })).toContain("-verify_hostname localhost");
  });

  it("dates, key match and CRL commands", () => {
    expect(opensslDatesCmd("a b.pem")).toBe("openssl x509 -noout -subject -dates -ext subjectAltName,extendedKeyUsage,keyUsage,basicConstraints -in 'a b.pem'");
    expect(opensslKeyMatchCmd("c.pem", "k.pem")).toBe(
      "diff <(openssl x509 -noout -pubkey -in c.pem | openssl sha256) <(openssl pkey -pubout -passin pass: -in k.pem | openssl sha256)",
    );
    expect(opensslCrlCmd("crl.pem", "ca.pem")).toBe("openssl crl -noout -issuer -lastupdate -nextupdate -CAfile ca.pem -in crl.pem");
  });
});

describe.skipIf(!hasOpenssl || !hasBash)(`the commands against the real openssl CLI${missing ? ` (skipped: ${missing} not found on PATH)` : ""}`, () => {
  let dir: string;
  let pki: Pki;
  const run = (cmd: string) => {
    const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nlpf-openssl-"));
    pki = await makePki(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("verify passes a good chain and fails the wrong CA", () => {
    const good = run(opensslVerifyCmd({ caFile: pki.files.rootCa, untrusted: pki.files.serverChain, purpose: "sslserver", certFile: pki.files.server }));
    expect(good).toMatchObject({ status: 0 });
    const bad = run(opensslVerifyCmd({ caFile: pki.files.foreignCa, untrusted: pki.files.serverChain, purpose: "sslserver", certFile: pki.files.server }));
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/unable to get (local )?issuer certificate/);
  });

  it("verify fails an expired leaf now, and passes it at an earlier -attime", () => {
    const now = run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.expired }));
    expect(now.status).not.toBe(0);
    expect(now.out).toMatch(/certificate has expired/);
    const then = run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.expired, at: new Date(pki.now.getTime() - 30 * 86_400_000) }));
    expect(then.status).toBe(0);
  });

  it("verify checks the purpose", () => {
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslclient", certFile: pki.files.client })).status).toBe(0);
    const wrong = run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.client }));
    expect(wrong.status).not.toBe(0);
    expect(wrong.out).toMatch(/(unsupported|unsuitable) certificate purpose/);
  });

  it("verify with a CRL: revoked fails, good passes; -crl_check_all needs the root's CRL too, like rustls", () => {
    const base = { caFile: pki.files.rootCa, untrusted: pki.files.intermediateCa, purpose: "sslclient" as const };
    expect(run(opensslVerifyCmd({ ...base, crlFile: pki.files.crl, certFile: pki.files.client })).status).toBe(0);
    const revoked = run(opensslVerifyCmd({ ...base, crlFile: pki.files.crl, certFile: pki.files.revokedClient }));
    expect(revoked.status).not.toBe(0);
    expect(revoked.out).toMatch(/certificate revoked/);
    const all = run(opensslVerifyCmd({ ...base, crlFile: pki.files.crl, crlCheck: "all", certFile: pki.files.client }));
    expect(all.status).not.toBe(0);
    expect(all.out).toMatch(/unable to get certificate CRL/);
    expect(run(opensslVerifyCmd({ ...base, crlFile: pki.files.crlBundle, crlCheck: "all", certFile: pki.files.client })).status).toBe(0);
  });

  it("host checks; OpenSSL falls back to the CN where rustls does not", () => {
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.server, host: "localhost" })).status).toBe(0);
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.server, host: "127.0.0.1" })).status).toBe(0);
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.server, host: "example.com" })).status).not.toBe(0);
    // Documented divergence: a CN-only certificate passes here but fails in rustls (verify.test.ts).
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: pki.files.cnOnly, host: "cn-only.localhost" })).status).toBe(0);
  });

  it("key match: same key exits 0, another key exits 1, an encrypted key fails without prompting", () => {
    expect(run(opensslKeyMatchCmd(pki.files.server, pki.files.serverKey)).status).toBe(0);
    expect(run(opensslKeyMatchCmd(pki.files.server, pki.files.serverKeySec1)).status).toBe(0);
    expect(run(opensslKeyMatchCmd(pki.files.rsaServer, pki.files.rsaServerKeyPkcs1)).status).toBe(0);
    expect(run(opensslKeyMatchCmd(pki.files.server, pki.files.clientKey)).status).toBe(1);
    expect(run(opensslKeyMatchCmd(pki.files.server, pki.files.encryptedKey)).status).not.toBe(0);
  });

  it("paths with spaces and quotes survive quoting", () => {
    const odd = join(dir, "dir with 'quote'");
    mkdirSync(odd);
    const c = join(odd, "server cert.pem");
    const k = join(odd, "server key.pem");
    copyFileSync(pki.files.server, c);
    copyFileSync(pki.files.serverKey, k);
    expect(run(opensslKeyMatchCmd(c, k)).status).toBe(0);
    expect(run(opensslVerifyCmd({ caFile: pki.files.caBundle, purpose: "sslserver", certFile: c })).status).toBe(0);
  });

  it("CRL command verifies against the right CA and not the wrong one", () => {
    const ok = run(opensslCrlCmd(pki.files.crl, pki.files.intermediateCa));
    expect(ok.out).toMatch(/verify OK/);
    expect(ok.out).toMatch(/nextUpdate=/);
    expect(ok.status).toBe(0);
    const bad = run(opensslCrlCmd(pki.files.crl, pki.files.rootCa));
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/verify failure|Error getting CRL issuer certificate/);
  });

  it("dates command prints dates and extensions", () => {
    const r = run(opensslDatesCmd(pki.files.server));
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/notAfter=/);
    expect(r.out).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
    expect(r.out).toMatch(/TLS Web Server Authentication/);
  });
});
