// With --run-as, every TLS file a config names must be readable by the user NativeLink runs as.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { canRead } from "../src/host-users.ts";
import { named, nativelinkOpens, tlsFiles } from "../src/facts/tls-server.ts";
import { isClientRole } from "../src/facts/tls-server.ts";
import { startupConsequence } from "../src/facts/tls-client.ts";

export default defineRule(
  {
    id: "tls-file-run-as",
    category: "filesystem",
    aboutFiles: true,
    severity: "error",
    summary: "with --run-as, NativeLink's user must be able to read every certificate, key and CRL",
    why: "Certificates and keys are often created by root or a deploy user and then left unreadable for the service account NativeLink runs as; NativeLink then stops at startup (or a worker retries forever) with a bare permission error. Checking with the right user catches it before the restart.",
    fix: "Give the file to NativeLink's user (chown), or its group read access for certificates and CRLs; keep private keys at 600 or 400 owned by that user.",
    nativelink: [{ message: "Permission denied (os error 13)", source: "src/bin/nativelink.rs:473-543; nativelink-util/src/tls_utils.rs" }],
    examples: {
      bad: {
        config: '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { health: {} } }] }',
        files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" },
        modes: { "certs/server-key.pem": 0o600 },
        runAs: "nobody",
      },
      good: {
        config: '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { health: {} } }] }',
        files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" },
        modes: { "certs/server-key.pem": 0o600 },
        runAs: "root",
      },
    },
  },
  function* (ctx): Iterable<Report> {
    const user = ctx.host?.runAs;
    if (!user) return;
    if (!user.found) {
      yield { at: "", node: ctx.load.root, severity: "warning", message: `--run-as ${user.name}: no such user in this host's /etc/passwd, so file access was not checked`, hint: "run the check on the target host, or pass a numeric uid" };
      return;
    }
    for (const { ref, view } of tlsFiles(ctx)) {
      if (!nativelinkOpens(ref) || view.read.mode === undefined || view.read.kind !== "file") continue;
      if (canRead(user, view.read.mode, view.read.uid, view.read.gid) !== false) continue;
      const octal = (view.read.mode & 0o777).toString(8).padStart(3, "0");
      yield {
        node: ref.str.node,
        message: `${named(ref)} is not readable by ${user.name}, the user NativeLink runs as (mode ${octal}, owner uid ${view.read.uid}, group gid ${view.read.gid}): ${isClientRole(ref.role) ? startupConsequence(ref.endpoint!) : "NativeLink stops at startup"}`,
        nativelink: "Permission denied (os error 13)",
        hint: `chown ${user.name} the file (keys: chmod 600), or give its group read access for certificates and CRLs`,
      };
    }
  },
);
