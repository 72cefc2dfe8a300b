// Without --on-host, a file named by an absolute path that is not on this machine is the target host's business.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";

const TLS = (cert: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

export default defineRule(
  {
    id: "file-on-target-host",
    category: "host",
    severity: "info",
    aboutFiles: true,
    summary: "without --on-host, a file named by an absolute path that is not on this machine is left to the target host",
    why: "Configs name files where they live on the machine NativeLink runs on (/etc/nativelink/certs/server.pem). In CI, in a pre-commit hook or on a laptop those paths do not exist, and that is not a mistake of the config. Relative paths, and absolute paths that do exist here, are still read and checked in full; on the target host, --on-host requires every file to be there.",
    fix: "Run the check on the target host with --on-host before a restart, or point --path-map (settings file: pathMap) at the directory of the repository that holds those files, e.g. --path-map /etc/nativelink=deploy/files.",
    examples: {
      bad: { config: TLS("/etc/nativelink-preflight-example/certs/server-cert.pem"), files: { "certs/server-key.pem": "@pki:serverKey" } },
      good: { config: TLS("certs/server-cert.pem"), files: { "certs/server-cert.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const absent = ctx.host?.absentHere;
    const model = ctx.model;
    if (!absent || !model) return;
    for (const ref of [...model.tlsFiles, ...model.dataFiles]) {
      if (ref.str.unknown || !absent.has(model.resolvePath(ref.str.value))) continue;
      const field = ref.str.at.slice(ref.str.at.lastIndexOf("/") + 1);
      yield {
        node: ref.str.node,
        message: `${field} ${JSON.stringify(ref.str.value)} is not on this machine: it is checked on the target host with --on-host, or map it with --path-map`,
        hint: `run nativelink-preflight --on-host on the machine NativeLink runs on, or --path-map ${dirOf(ref.str.value)}=DIR for a directory of this repository that holds the file`,
      };
    }
  },
);

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}
