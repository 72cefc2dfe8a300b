import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";

const RULE = "host-native-roots";
const W = `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: { use_native_roots: true } }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;
const AT = col(W, "use_native_roots: true") + "use_native_roots: ".length;
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe(RULE, () => {
  it("reports an SSL_CERT_FILE that does not exist", async () => {
    expect(await onHost(W, RULE, { env: { SSL_CERT_FILE: "/nonexistent/nlp/ca.pem" } })).toEqual([
      `1:${AT} use_native_roots: true, but no system trust store exists at /nonexistent/nlp/ca.pem (from SSL_CERT_FILE): the worker cannot connect and retries every 0.5 s without end`,
    ]);
  });
  it("reports a trust store nobody cannot read", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-roots-"));
    writeFileSync(join(d, "ca.pem"), PEM);
    chmodSync(join(d, "ca.pem"), 0o600);
    expect(await onHost(W, RULE, { runAs: "nobody", env: { SSL_CERT_FILE: join(d, "ca.pem") } })).toEqual([
      `1:${AT} use_native_roots: true, but the trust store ${d}/ca.pem is not readable by nobody (mode 600, owner uid 0, group gid 0): the worker cannot connect and retries every 0.5 s without end`,
    ]);
  });
  it("passes a readable SSL_CERT_FILE and an SSL_CERT_DIR holding certificates", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-roots-"));
    mkdirSync(join(d, "certs"));
    writeFileSync(join(d, "certs/ca.pem"), PEM);
    expect(await onHost(W, RULE, { env: { SSL_CERT_FILE: join(d, "certs/ca.pem") } })).toEqual([]);
    expect(await onHost(W, RULE, { env: { SSL_CERT_DIR: join(d, "certs") } })).toEqual([]);
  });
});
