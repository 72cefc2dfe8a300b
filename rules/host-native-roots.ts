// With --on-host: use_native_roots (and an ONTAP store without root_certificates) needs a system trust store where rustls-native-certs looks.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { may, R, describeStat } from "../src/host/judge.ts";
import { target } from "../src/host/report.ts";

const W = `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: { use_native_roots: true } }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

export default defineRule(
  {
    id: "host-native-roots",
    category: "host",
    severity: "error",
    summary: "with --on-host, use_native_roots: true needs a system trust store NativeLink's user can read",
    why: "use_native_roots: true (and an ONTAP store without root_certificates) loads the system's CA certificates through rustls-native-certs, which reads SSL_CERT_FILE and SSL_CERT_DIR when either is set and otherwise looks for the usual bundles (/etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/ca-bundle.crt, ...). Finding none, a grpc store or scheduler stops NativeLink at startup and a worker retries forever. Minimal container images often ship without one.",
    fix: "Install the distribution's CA bundle (apt-get install ca-certificates, apk add ca-certificates), point SSL_CERT_FILE at a bundle, or give ca_file instead of use_native_roots.",
    nativelink: [
      { message: "no native certs found", source: "nativelink-util/src/tls_utils.rs:106-111 (tonic TlsError::NativeCertsNotFound)" },
      { message: "no native root CA certificates found (errors: [...])", source: "nativelink-store/src/ontap_s3_store.rs:136-140" },
    ],
    catalog: ["client-tls-no-native-roots", "ontap-no-native-roots"],
    examples: {
      bad: { config: W, onHost: true, env: { SSL_CERT_FILE: "/nonexistent/nativelink-preflight/ca.pem" } },
      good: { config: W, onHost: true, env: { SSL_CERT_FILE: "ca.pem" }, files: { "ca.pem": "@pki:rootCa" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    const ts = t.trustStore;
    const where = ts.fromEnv ? `${ts.looked.join(", ")} (from ${ts.fromEnv})` : `any of the ${ts.looked.length} places it looks (${ts.looked.slice(0, 2).join(", ")}, ...)`;
    const problem = !ts.found
      ? `no system trust store exists at ${where}`
      : ts.foundStat && may(t.user, ts.foundStat, R) === false
        ? `the trust store ${ts.found} is not readable by ${t.user.name} (${describeStat(ts.foundStat)})`
        : undefined;
    if (!problem) return;
    for (const e of t.plan.nativeRoots) {
      yield {
        node: e.tls!.useNativeRoots!.node,
        message: `use_native_roots: true, but ${problem}: ${e.owner === "worker" ? "the worker cannot connect and retries every 0.5 s without end" : "NativeLink stops at startup"}`,
        nativelink: "no native certs found",
        hint: "install the CA bundle (ca-certificates), set SSL_CERT_FILE, or give ca_file",
      };
    }
    for (const o of t.plan.ontapNativeRoots) {
      yield {
        at: o.spec.bodyAt,
        node: o.spec.body,
        message: `ONTAP store "${o.name}" has no root_certificates, so it loads the system trust store, but ${problem}: NativeLink stops at startup`,
        hint: "install the CA bundle (ca-certificates), set SSL_CERT_FILE, or give root_certificates",
      };
    }
  },
);
