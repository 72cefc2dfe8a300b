// key_file must hold an unencrypted private key that tonic finds and rustls (ring) can load, or the endpoint is never built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { RUST_NOT_UTF8, TONIC_KEY_PARSE_ERROR, opensslDecryptKeyCmd, tonicReadKey, type KeyFacts } from "../src/tls/index.ts";
import { clientFiles, describeBlocks, pemErrorText, mtlsMessage, notUtf8Message, startupConsequence } from "../src/facts/tls-client.ts";

const RUSTLS_KEY = "unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA";

const STORE = (tls: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cas.internal:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;

function keyKind(k: KeyFacts): string {
  const type = k.type === "ec" ? `EC${k.curve ? ` ${k.curve}` : ""}` : k.type === "rsa" ? `RSA${k.bits ? ` ${k.bits}-bit` : ""}` : k.type === "ed25519" ? "Ed25519" : k.type === "ed448" ? "Ed448" : "unknown-type";
  return `${type} key (${k.label})`;
}

export default defineRule(
  {
    id: "client-tls-key",
    category: "tls",
    severity: "error",
    summary: "a client tls_config's key_file must hold an unencrypted private key rustls can load",
    why: "tonic reads key_file as UTF-8 text and takes its first PKCS#8 (PRIVATE KEY), PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY) section; an encrypted or OpenSSH key, a PEM error before that section, or no key at all gives `Error parsing TLS private key`. rustls with the ring provider then loads it, and refuses RSA keys outside 2048-4096 bits, curves other than P-256 and P-384, and Ed448. Each failure stops the endpoint from being built: grpc stores and the grpc scheduler stop NativeLink at startup, and a worker logs the error and retries every 0.5 s, forever.",
    fix: "Point key_file at the client certificate's private key as unencrypted PEM (PKCS#8, PKCS#1 or SEC1), RSA 2048-4096 bits or ECDSA P-256/P-384 or Ed25519.",
    nativelink: [
      { message: TONIC_KEY_PARSE_ERROR, source: "nativelink-util/src/tls_utils.rs:106-111 (tonic 0.14.6 transport/service/tls.rs)" },
      { message: RUSTLS_KEY, source: "nativelink-util/src/tls_utils.rs:106-111 (rustls 0.23.34 ring key provider)" },
      { message: "stream did not contain valid UTF-8", source: "nativelink-util/src/tls_utils.rs:57 (std::fs::read_to_string)" },
      { message: "Setting mTLS configuration", source: "nativelink-util/src/tls_utils.rs:109-110" },
    ],
    catalog: ["client-tls-pem-invalid", "client-tls-identity-rejected", "client-tls-file-unreadable", "worker-endpoint-tls-config", "worker-endpoint-uri", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: {
        config: STORE('{ ca_file: "certs/ca.pem", cert_file: "certs/client.pem", key_file: "certs/client-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/client.pem": "@pki:client", "certs/client-key.pem": "@pki:encryptedKey" },
      },
      good: {
        config: STORE('{ ca_file: "certs/ca.pem", cert_file: "certs/client.pem", key_file: "certs/client-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/client.pem": "@pki:client", "certs/client-key.pem": "@pki:clientKey" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const f of clientFiles(ctx, "client-key")) {
      const e = f.endpoint;
      const name = `key_file ${JSON.stringify(f.shown)}`;
      const read = tonicReadKey(f.bytes);
      if (read.ok) {
        const key = f.facts.keys.find((k) => k.line === read.line);
        if (!key?.rustlsError) continue;
        yield {
          node: f.ref.str.node,
          message: `rustls cannot load the ${keyKind(key)} at line ${key.line} of ${name}: ${key.rustlsReason ?? "unsupported key"}; ${startupConsequence(e)}`,
          nativelink: mtlsMessage(e, key.rustlsError),
          hint: "issue the client certificate for an ECDSA P-256 or P-384 key, an RSA key of 2048 to 4096 bits, or an Ed25519 key (PKCS#8)",
        };
        continue;
      }
      if (read.message === RUST_NOT_UTF8) {
        yield {
          node: f.ref.str.node,
          message: `${name} is not UTF-8 text, and NativeLink reads it as text; ${startupConsequence(e)}`,
          nativelink: notUtf8Message(e),
          hint: "save the key as plain PEM text (ASCII); remove any byte that is not UTF-8",
        };
        continue;
      }
      const nativelink = mtlsMessage(e, TONIC_KEY_PARSE_ERROR);
      // The first key-like section at or before the point where tonic gave up.
      const encrypted = f.facts.keys.find((k) => k.encrypted && (read.line === undefined || k.line <= read.line));
      const openssh = f.facts.keys.find((k) => k.format === "openssh" && (read.line === undefined || k.line <= read.line));
      if (encrypted && encrypted.format !== "openssh") {
        yield {
          node: f.ref.str.node,
          message: `${name} holds an encrypted private key (${encrypted.label}${encrypted.format === "encrypted-pkcs8" ? "" : " with Proc-Type: 4,ENCRYPTED"} at line ${encrypted.line}), and NativeLink has no way to take a passphrase; ${startupConsequence(e)}`,
          nativelink,
          hint: `decrypt it into a new file, e.g. \`${opensslDecryptKeyCmd(f.path, `${f.path}.decrypted`)}\`, point key_file at that file and keep it readable by the NativeLink user only`,
        };
      } else if (openssh) {
        yield {
          node: f.ref.str.node,
          message: `${name} holds an OpenSSH private key (line ${openssh.line}), a format tonic does not read; ${startupConsequence(e)}`,
          nativelink,
          hint: "convert a copy to PKCS#8 PEM, e.g. `ssh-keygen -p -m PKCS8 -f <copy of the key>`, and point key_file at it",
        };
      } else if (read.line !== undefined) {
        yield {
          node: f.ref.str.node,
          message: `${name} has a malformed PEM section before any private key (${pemErrorText(f.facts.pem.error)}), so tonic finds no key; ${startupConsequence(e)}`,
          nativelink,
          hint: "fix or remove the broken PEM section: every -----BEGIN X----- needs its -----END X----- and a clean base64 body",
        };
      } else {
        yield {
          node: f.ref.str.node,
          message: `${name} holds no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY section (${describeBlocks(f.facts)}); ${startupConsequence(e)}`,
          nativelink,
          hint: "point key_file at the client certificate's private key, and cert_file at the certificate",
        };
      }
    }
  },
);
