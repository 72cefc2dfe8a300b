// The server's key_file must hold exactly one private key.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { nativelinkReadKey } from "../src/tls/index.ts";
import { named, tlsFiles } from "../src/facts/tls-server.ts";

const TLS = `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const list = (lines: number[]) => (lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`);

export default defineRule(
  {
    id: "tls-key-single",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "the server's key_file must hold exactly one private key",
    why: "NativeLink reads the first key of key_file, then tries to read a second one and stops with `Expected 1 key in file` if it finds it; its TLS guide says a file with two keys fails startup. In v1.6.6 that second read starts where the first read's 8 KiB buffer ended, so a second key within the first 8 KiB (any small file) is silently ignored and the first key is used, while one further down stops startup. Either way the file does not say which key is meant: if the first is not the certificate's, startup fails with a key mismatch.",
    fix: "Keep only the private key that belongs to the first certificate of cert_file.",
    nativelink: [{ message: "Expected 1 key in file {key_file}", source: "src/bin/nativelink.rs:502-508" }],
    catalog: ["tls-key-multiple"],
    examples: {
      bad: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:twoKeysFar" } },
      good: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const { ref, view } of tlsFiles(ctx, ["server-key"])) {
      const bytes = view.read.bytes;
      if (!bytes || !view.facts) continue;
      const r = nativelinkReadKey(bytes);
      if (!r.ok) continue;
      const others = [...r.ignoredKeyLines];
      if (r.secondKeyLine !== undefined) others.push(r.secondKeyLine);
      if (others.length === 0) continue;
      const all = [r.line, ...others];
      const hint = "keep only the key that belongs to the first certificate of cert_file (compare with tls-key-matches-cert's reproduce command)";
      if (r.secondKeyLine !== undefined) {
        const ignored = r.ignoredKeyLines.length ? `; the key at ${list(r.ignoredKeyLines)}, within the first 8 KiB, would have been ignored` : "";
        yield {
          node: ref.str.node,
          message: `${named(ref)} holds ${all.length} private keys (${list(all)}): NativeLink reads the first and then finds the one at line ${r.secondKeyLine}, past the 8 KiB it buffered, so startup stops${ignored}`,
          nativelink: `Expected 1 key in file ${ref.str.value}`,
          hint,
        };
        continue;
      }
      yield {
        node: ref.str.node,
        severity: "warning",
        message: `${named(ref)} holds ${all.length} private keys (${list(all)}): the guides say NativeLink refuses such a file, but v1.6.6 silently uses the first (line ${r.line}) and ignores the rest, which lie within the first 8 KiB it buffers`,
        hint,
      };
    }
  },
);
