// Private key files should be readable by their owner only, as NativeLink's TLS and security guides ask.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { shellQuote } from "../src/tls/index.ts";
import { KEY_ROLES, named, tlsFiles } from "../src/facts/tls-server.ts";

const WORKER = (key: string) =>
  `{ stores: [{ name: "CAS", fast_slow: { fast: { filesystem: { content_path: "/var/lib/nativelink/cas", temp_path: "/var/lib/nativelink/tmp" } }, slow: { memory: {} } } }, { name: "AC", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: { ca_file: "certs/ca.pem"${key} } }, cas_fast_slow_store: "CAS", upload_action_result: { ac_store: "AC" }, work_directory: "/var/lib/nativelink/work", platform_properties: {} } }] }`;

/** "readable by group and others", "writable by others", ... */
function describeAccess(mode: number): string {
  const who = (shift: number) => {
    const bits = (mode >> shift) & 7;
    const can: string[] = [];
    if (bits & 4) can.push("readable");
    if (bits & 2) can.push("writable");
    if (bits & 1) can.push("executable");
    return can;
  };
  const group = who(3);
  const other = who(0);
  const same = group.join() === other.join();
  if (same) return `${group.join(" and ")} by group and others`;
  const parts: string[] = [];
  if (group.length) parts.push(`${group.join(" and ")} by group`);
  if (other.length) parts.push(`${other.join(" and ")} by others`);
  return parts.join(", ");
}

export default defineRule(
  {
    id: "tls-key-permissions",
    category: "filesystem",
    aboutFiles: true,
    severity: "warning",
    guide: true,
    summary: "private key files should be accessible by their owner only (mode 600 or 400)",
    why: "Anyone who can read a TLS private key can impersonate the server (key_file) or the worker or store client (tls_config.key_file). NativeLink does not check the permissions itself; its TLS guide asks for `chmod 600` and its security guide for 400 on key files, owned by the user NativeLink runs as.",
    fix: "chmod 600 (or 400) the key file and chown it to the user NativeLink runs as.",
    examples: {
      bad: {
        config: WORKER(', cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem"'),
        files: { "certs/ca.pem": "@pki:rootCa", "certs/worker.pem": "@pki:client", "certs/worker-key.pem": "@pki:clientKey" },
        modes: { "certs/worker-key.pem": 0o644 },
      },
      good: {
        config: WORKER(', cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem"'),
        files: { "certs/ca.pem": "@pki:rootCa", "certs/worker.pem": "@pki:client", "certs/worker-key.pem": "@pki:clientKey" },
        modes: { "certs/worker-key.pem": 0o600 },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const { ref, path, view } of tlsFiles(ctx, KEY_ROLES)) {
      const { mode, kind } = view.read;
      if (mode === undefined || kind !== "file") continue;
      if ((mode & 0o077) === 0) continue;
      const octal = (mode & 0o777).toString(8).padStart(3, "0");
      yield {
        node: ref.str.node,
        severity: postureSeverity(ctx, "should"),
        message: `${named(ref)} is ${describeAccess(mode)} (mode ${octal}); a private key should be readable by its owner only (600 or 400)`,
        hint: `chmod 600 ${shellQuote(path)} and chown it to the user NativeLink runs as`,
      };
    }
  },
);
