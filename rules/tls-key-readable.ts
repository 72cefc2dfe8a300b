// The server's key_file must hold an unencrypted PKCS#8, PKCS#1 or SEC1 key that rustls (ring) can load.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { opensslDecryptKeyCmd, shellQuote, type KeyFacts } from "../src/tls/index.ts";
import { contentProblem, named, serverKeyOf, tlsFiles } from "../src/facts/tls-server.ts";

const TLS = `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const RING_ERROR = "unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA";

function keyKind(k: KeyFacts): string {
  const alg = k.type === "rsa" ? `RSA${k.bits ? `-${k.bits}` : ""}` : k.type === "ec" ? `EC ${k.curve ?? ""}`.trim() : k.type === "ed25519" ? "Ed25519" : k.type === "ed448" ? "Ed448" : "";
  return `${alg ? `${alg} ` : ""}key (${k.label} block at line ${k.line})`;
}

function ringHint(k: KeyFacts): string {
  if (k.type === "rsa") return "use an RSA key of 2048 to 4096 bits (rsaEncryption) with public exponent 65537, or an ECDSA P-256 key, and reissue the certificate for it";
  if (k.type === "ec") return "use an ECDSA key on P-256 or P-384 that embeds its public key (openssl ecparam -genkey -name prime256v1 does), and reissue the certificate for it";
  return "use an ECDSA P-256 or P-384, RSA 2048-4096 or Ed25519 (PKCS#8) key, and reissue the certificate for it";
}

export default defineRule(
  {
    id: "tls-key-readable",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "the server's key_file must hold an unencrypted key NativeLink can load",
    why: "NativeLink takes the first PRIVATE KEY (PKCS#8), RSA PRIVATE KEY (PKCS#1) or EC PRIVATE KEY (SEC1) block of key_file and gives it to rustls with the ring provider. It has no way to ask for a passphrase: an ENCRYPTED PRIVATE KEY block is skipped as unknown, so startup stops with `no items found`, and a legacy `Proc-Type: 4,ENCRYPTED` key fails to decode. OpenSSH and DSA keys are not read either. ring then refuses RSA keys outside 2048-4096 bits, curves other than P-256 and P-384, and EC keys without their public point, which stops startup too.",
    fix: "Decrypt the key (`openssl pkey -in encrypted.pem -out key.pem`, then chmod 600), convert other formats to PKCS#8 PEM, or replace an unsupported key with ECDSA P-256/P-384, RSA 2048-4096 or Ed25519 and reissue the certificate.",
    nativelink: [
      { message: "no items found + Could not extract key(s) from file {key_file}", source: "src/bin/nativelink.rs:488-490" },
      { message: RING_ERROR + " + Could not create TlsServerConfig", source: "src/bin/nativelink.rs:537-543 (rustls 0.23.34 any_supported_type)" },
    ],
    catalog: ["tls-key-unsupported"],
    examples: {
      bad: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:encryptedKey" } },
      good: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const file of tlsFiles(ctx, ["server-key"])) {
      const { ref, path } = file;
      const p = contentProblem(file);
      if (p?.kind === "unreadable-key") {
        const k = p.key;
        const decrypted = `${path}.decrypted`;
        let message: string;
        let hint: string;
        if (k.format === "openssh") {
          message = `${named(ref)} holds an OpenSSH private key (line ${k.line}), a format NativeLink does not read (it reads PKCS#8, PKCS#1 and SEC1 PEM): startup stops`;
          hint = `convert a copy to PKCS#8 PEM with \`ssh-keygen -p -m PKCS8 -f <copy of the key>\`${k.encrypted ? " (it also asks for the passphrase; give an empty new one)" : ""}, chmod 600 it and point key_file at it`;
        } else if (k.encrypted) {
          const how = k.format === "encrypted-pkcs8" ? "an encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY" : `a passphrase-protected key (${k.label} with Proc-Type: 4,ENCRYPTED`;
          message = `${named(ref)} holds ${how}, line ${k.line}); NativeLink cannot decrypt keys, so startup stops`;
          hint = `decrypt it into a new file (openssl asks for the passphrase): \`${opensslDecryptKeyCmd(path, decrypted)}\`, then \`chmod 600 ${shellQuote(decrypted)}\` and point key_file at it`;
        } else {
          message = `${named(ref)} holds a ${JSON.stringify(k.label)} block (line ${k.line}); NativeLink reads only PRIVATE KEY (PKCS#8), RSA PRIVATE KEY (PKCS#1) and EC PRIVATE KEY (SEC1) blocks, so startup stops`;
          hint = "convert the key to PKCS#8 PEM (`openssl pkey -in <key> -out <new key>`), or replace it with an ECDSA P-256 key and reissue the certificate";
        }
        yield { node: ref.str.node, message, nativelink: p.nativelink, hint };
        continue;
      }
      if (p) continue;
      const key = serverKeyOf(file);
      if (!key?.rustlsError) continue;
      yield {
        node: ref.str.node,
        message: `${named(ref)} holds ${key.type && key.type !== "other" ? "an" : "a"} ${keyKind(key)} that rustls' ring provider cannot load (${key.rustlsReason ?? "unsupported key"}): startup stops`,
        nativelink: key.rustlsError,
        hint: ringHint(key),
      };
    }
  },
);
