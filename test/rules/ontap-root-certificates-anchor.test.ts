// ONTAP stores read root_certificates themselves: a missing file, a broken PEM section and a
// certificate rustls refuses each stop NativeLink while it builds the store, with the ONTAP store's
// own messages (nativelink-store/src/ontap_s3_store.rs:96-114).
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { rel, serverPki, text, write } from "../helpers/tls-server.ts";
import { lint } from "../helpers/lint.ts";
import type { Finding } from "../../src/types.ts";

const RULE = "ontap-root-certificates-anchor";
const BROKEN_CERT = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";

/** The cloud-store form: root_certificates on line 5, its value at column 24. */
const cloud = (ca: string) => `{
  stores: [{
    name: "ONTAP_CAS",
    experimental_cloud_object_store: { provider: "ontap", endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas",
      root_certificates: ${JSON.stringify(ca)} } }],
  servers: [],
}`;

/** The existence-cache form: the backend's root_certificates on line 6, its value at column 26. */
const cache = (ca: string) => `{
  stores: [{
    name: "CACHED",
    ontap_s3_existence_cache: { index_path: "missing-index.json", sync_interval_seconds: 300,
      backend: { endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas",
        root_certificates: ${JSON.stringify(ca)} } } }],
  servers: [],
}`;

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  write(pki, "broken-cert.pem", BROKEN_CERT);
  write(pki, "good-then-broken.pem", text(pki, "rootCa") + BROKEN_CERT);
  write(pki, "truncated.pem", text(pki, "rootCa").split("\n").slice(0, 4).join("\n") + "\n");
  write(pki, "notes.txt", "the ONTAP CA is in the wiki\n");
});

async function run(config: string, rule: string): Promise<Finding[]> {
  return (await lint(config, { cwd: pki.dir, only: rule })).filter((f) => f.ruleId === rule);
}

const span = (f: Finding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;

describe(RULE, () => {
  it("reports a certificate rustls cannot decode, with the ONTAP store's message chain", async () => {
    const [f, ...rest] = await run(cloud("broken-cert.pem"), RULE);
    expect(rest).toEqual([]);
    expect(span(f!)).toBe("5:26-5:43");
    // (the parenthesis holds the DER reader's own description of what is wrong)
    expect(f!.message).toMatch(/^certificate 1 \(line 1\) of root_certificates "broken-cert\.pem" is not a valid X\.509 certificate \(.+\): NativeLink stops while it builds ontap store "ONTAP_CAS"$/);
    expect(f!.nativelink).toBe(
      'Error { code: Internal, messages: ["invalid peer certificate: BadEncoding", "Failed to add certificate to root store", "Failed to create store \'ONTAP_CAS\'"] }',
    );
  });

  it("names the first certificate refused, after good ones", async () => {
    const [f] = await run(cache("good-then-broken.pem"), RULE);
    expect(span(f!)).toBe("6:28-6:50");
    expect(f!.message).toMatch(/^certificate 2 \(line \d+\) of root_certificates "good-then-broken.pem" is not a valid X.509 certificate .*: NativeLink stops while it builds ontap store "CACHED"$/);
  });

  const valid: [string, () => string][] = [
    ["a CA certificate", () => cloud(rel(pki, "rootCa"))],
    ["a CA bundle", () => cache(rel(pki, "caBundle"))],
    ["a truncated PEM file (tls-file-pem's finding)", () => cloud("truncated.pem")],
    ["a missing file (tls-file-readable's finding)", () => cloud("missing-ca.pem")],
    ["an ONTAP store without root_certificates", () => cloud("").replace('root_certificates: ""', "key_prefix: \"x\"")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await run(config(), RULE)).toEqual([]);
    });
  }
});

describe("ONTAP root_certificates through the file rules", () => {
  it("tls-file-readable: a missing file stops startup with Failed to open CA certificate file", async () => {
    const [f, ...rest] = await run(cloud("certs/missing-ca.pem"), "tls-file-readable");
    expect(rest).toEqual([]);
    expect(span(f!)).toBe("5:26-5:48");
    expect(f!.message).toBe('root_certificates "certs/missing-ca.pem" does not exist: NativeLink stops at startup');
    expect(f!.nativelink).toBe(
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Failed to open CA certificate file certs/missing-ca.pem", "Failed to create store \'ONTAP_CAS\'"] }',
    );
  });

  it("tls-file-readable: an empty path", async () => {
    const [f] = await run(cache(""), "tls-file-readable");
    expect(span(f!)).toBe("6:28-6:30");
    expect(f!.message).toBe('root_certificates "" is an empty path: NativeLink stops at startup');
    expect(f!.nativelink).toBe(
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Failed to open CA certificate file ", "Failed to create store \'CACHED\'"] }',
    );
  });

  it("tls-file-pem: a truncated PEM section stops startup with missing section end marker", async () => {
    const [f, ...rest] = await run(cloud("truncated.pem"), "tls-file-pem");
    expect(rest).toEqual([]);
    expect(span(f!)).toBe("5:26-5:41");
    expect(f!.message).toBe('root_certificates "truncated.pem" has a malformed PEM section: the -----BEGIN CERTIFICATE----- block at line 1 is never closed by its END line; NativeLink stops at startup');
    expect(f!.nativelink).toMatch(/^Error \{ code: Internal, messages: \["missing section end marker: .*", "Failed to create store 'ONTAP_CAS'"\] \}$/);
  });

  it("tls-file-pem: a file without certificates leaves the root store empty", async () => {
    const [f] = await run(cloud("notes.txt"), "tls-file-pem");
    expect(span(f!)).toBe("5:26-5:37");
    expect(f!.message).toBe(
      'root_certificates "notes.txt" holds no PEM block, so NativeLink finds no CERTIFICATE block in it; the ONTAP store starts with an empty root store: every HTTPS request to its endpoint fails with UnknownIssuer',
    );
    expect(f!.nativelink).toBe("invalid peer certificate: UnknownIssuer");
  });

  it("a good CA file raises nothing in any rule", async () => {
    expect((await lint(cloud(rel(pki, "rootCa")), { cwd: pki.dir })).filter((f) => f.severity === "error")).toEqual([]);
  });
});
