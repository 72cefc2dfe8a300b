import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "client-tls-native-roots-override";
const WORKER = (tls: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://sched:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const STORE = (tls: string) =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: "grpcs://cas:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;
const WARNING = "Native root certificates are being used, all certificate files will be ignored";
const col = (config: string, needle: string) => config.indexOf(needle) + 1;

describe(RULE, () => {
  it("reports every file beside use_native_roots: true, with NativeLink's warning when ca_file is set", async () => {
    const config = STORE('{ use_native_roots: true, ca_file: "ca.pem", cert_file: "c.pem", key_file: "k.pem" }');
    expect(lines(await lint(config), RULE)).toEqual([
      `1:${col(config, '"ca.pem"')} ca_file "ca.pem" is ignored because use_native_roots is true: the server is verified against the system's trust store only`,
      `1:${col(config, '"c.pem"')} cert_file "c.pem" is ignored because use_native_roots is true: no client certificate is sent, so a server that requires mTLS refuses the connection`,
      `1:${col(config, '"k.pem"')} key_file "k.pem" is ignored because use_native_roots is true: no client certificate is sent, so a server that requires mTLS refuses the connection`,
    ]);
    const findings = (await lint(config)).filter((f) => f.ruleId === RULE);
    expect(findings.map((f) => f.nativelink)).toEqual([WARNING, WARNING, WARNING]);
    expect(findings.map((f) => f.pointer)).toEqual([
      "/stores/0/grpc/endpoints/0/tls_config/ca_file",
      "/stores/0/grpc/endpoints/0/tls_config/cert_file",
      "/stores/0/grpc/endpoints/0/tls_config/key_file",
    ]);
    expect(findings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("says NativeLink is silent when only the client identity is dropped", async () => {
    const config = WORKER('{ use_native_roots: true, cert_file: "c.pem", key_file: "k.pem" }');
    const findings = (await lint(config)).filter((f) => f.ruleId === RULE);
    expect(lines(findings)).toEqual([
      `1:${col(config, '"c.pem"')} cert_file "c.pem" is ignored because use_native_roots is true: no client certificate is sent, so a server that requires mTLS refuses the connection (NativeLink logs nothing about it)`,
      `1:${col(config, '"k.pem"')} key_file "k.pem" is ignored because use_native_roots is true: no client certificate is sent, so a server that requires mTLS refuses the connection (NativeLink logs nothing about it)`,
    ]);
    expect(findings.map((f) => f.nativelink)).toEqual([undefined, undefined]);
  });

  it("reports a cert_file alone (no pairing error either: NativeLink never looks)", async () => {
    const config = WORKER('{ use_native_roots: true, cert_file: "c.pem" }');
    expect(lines(await lint(config), RULE)).toHaveLength(1);
    expect(lines(await lint(config), "client-tls-identity-pair")).toEqual([]);
  });

  const valid: [string, string][] = [
    ["use_native_roots alone", STORE("{ use_native_roots: true }")],
    ["files with use_native_roots: false", STORE('{ use_native_roots: false, ca_file: "ca.pem", cert_file: "c.pem", key_file: "k.pem" }')],
    ["files without use_native_roots", WORKER('{ ca_file: "ca.pem", cert_file: "c.pem", key_file: "k.pem" }')],
    ["null files", WORKER("{ use_native_roots: true, ca_file: null, cert_file: null }")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }
});
