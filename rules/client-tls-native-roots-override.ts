// use_native_roots: true makes NativeLink ignore ca_file, cert_file and key_file, and it says so only for ca_file.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { usesNativeRoots } from "../src/facts/tls-client.ts";

const WARNING = "Native root certificates are being used, all certificate files will be ignored";

const WORKER = (tls: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

export default defineRule(
  {
    id: "client-tls-native-roots-override",
    category: "tls",
    severity: "warning",
    summary: "with use_native_roots: true, a client tls_config's ca_file, cert_file and key_file are ignored",
    why: "When use_native_roots is true, load_client_config returns a TLS setup built from the system's trust store alone, before it looks at any file. ca_file is then unused (NativeLink logs a warning, and only in that case), and cert_file and key_file are dropped without a word: no client certificate is sent, so a server that requires mTLS (client_ca_file) refuses the connection, and a private CA in ca_file is not trusted.",
    fix: "Remove use_native_roots (ca_file is then required) to use the files, or remove the files you do not need.",
    nativelink: [{ message: WARNING, source: "nativelink-util/src/tls_utils.rs:29-36" }],
    catalog: ["native-roots-ignore-files"],
    examples: {
      bad: { config: WORKER('{ use_native_roots: true, cert_file: "/etc/nativelink/worker.pem", key_file: "/etc/nativelink/worker-key.pem" }') },
      good: { config: WORKER('{ ca_file: "/etc/nativelink/ca.pem", cert_file: "/etc/nativelink/worker.pem", key_file: "/etc/nativelink/worker-key.pem" }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const tls = e.tls;
      if (!tls || !usesNativeRoots(e)) continue;
      // NativeLink warns only when ca_file is set; the warning then covers every file.
      const warned = tls.caFile !== undefined;
      const hint = "remove use_native_roots: true to use these files (ca_file is then required), or remove the files";
      if (tls.caFile) {
        yield {
          node: tls.caFile.node,
          message: `ca_file ${JSON.stringify(tls.caFile.value)} is ignored because use_native_roots is true: the server is verified against the system's trust store only`,
          nativelink: WARNING,
          hint,
        };
      }
      for (const [field, str] of [["cert_file", tls.certFile], ["key_file", tls.keyFile]] as const) {
        if (!str) continue;
        yield {
          node: str.node,
          message: `${field} ${JSON.stringify(str.value)} is ignored because use_native_roots is true: no client certificate is sent, so a server that requires mTLS refuses the connection${warned ? "" : " (NativeLink logs nothing about it)"}`,
          ...(warned ? { nativelink: WARNING } : {}),
          hint,
        };
      }
    }
  },
);
