import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, OPENSSL_SKIP, findings, found, grpcStore, rel, server, serverPki, sh, text, worker, write } from "../helpers/tls-server.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "tls-file-pem";
const NO_CERT = 'startup stops with the misleading "peer sent no certificates"';
const WORKER_LOOPS = "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";

let pki: Pki;
let key: string;
let cert: string;
beforeAll(async () => {
  pki = await serverPki();
  key = rel(pki, "serverKey");
  cert = rel(pki, "server");
  const pem = text(pki, "server");
  write(pki, "unterminated.pem", pem.replace(/-----END CERTIFICATE-----\n$/, ""));
  write(pki, "bad-base64.pem", pem.replace(/\n(.)/, "\n!$1"));
  write(pki, "bad-begin.pem", pem.replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE----"));
  write(pki, "bom.pem", `\uFEFF${pem}`);
  write(pki, "indented.pem", pem.replace("-----BEGIN", "  -----BEGIN"));
  write(pki, "spaces.pem", "\n   \n");
  write(pki, "key.der", derKey());
});

/** The server key as DER (PKCS#8), written at test time. */
function derKey(): Uint8Array {
  const b64 = readFileSync(pki.files.serverKey, "utf8").split("\n").filter((l) => l && !l.startsWith("-----")).join("");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

describe(RULE, () => {
  type Case = [string, () => { config: string; at(f: string): string }, (b: { at(f: string): string }) => string[]];
  const invalid: Case[] = [
    ["a DER certificate", () => server({ cert_file: rel(pki, "serverDer"), key_file: key }), (b) => [`${b.at("cert_file")} cert_file "server.der" is a DER certificate, not PEM, so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`]],
    ["an empty certificate file", () => server({ cert_file: rel(pki, "empty"), key_file: key }), (b) => [`${b.at("cert_file")} cert_file "empty.pem" is empty, so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`]],
    ["a text file", () => server({ cert_file: rel(pki, "garbage"), key_file: key }), (b) => [`${b.at("cert_file")} cert_file "garbage.txt" holds no PEM block, so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`]],
    ["a whitespace-only file", () => server({ cert_file: "spaces.pem", key_file: key }), (b) => [`${b.at("cert_file")} cert_file "spaces.pem" holds only whitespace, so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`]],
    ["a key where the certificate belongs", () => server({ cert_file: key, key_file: key }), (b) => [`${b.at("cert_file")} cert_file "server.key" holds only "PRIVATE KEY" block, so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`]],
    [
      "a certificate where the key belongs",
      () => server({ cert_file: cert, key_file: cert }),
      (b) => [`${b.at("key_file")} key_file "server.pem" holds only "CERTIFICATE" block, so NativeLink finds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block) in it; startup stops with "no items found"`],
    ],
    [
      "a DER key",
      () => server({ cert_file: cert, key_file: "key.der" }),
      (b) => [`${b.at("key_file")} key_file "key.der" is a DER (PKCS#8) private key, not PEM, so NativeLink finds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block) in it; startup stops with "no items found"`],
    ],
    [
      "a client CA file holding a CRL",
      () => server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "crl") }),
      (b) => [`${b.at("client_ca_file")} client_ca_file "crl.pem" holds only "X509 CRL" block, so NativeLink finds no CERTIFICATE block in it; startup stops with "no root trust anchors were provided"`],
    ],
    [
      "a CRL file holding certificates",
      () => server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "caBundle") }),
      (b) => [`${b.at("client_crl_file")} client_crl_file "ca-bundle.pem" holds only "CERTIFICATE" block, so NativeLink finds no "X509 CRL" block in it; it starts with client certificate revocation checking silently off`],
    ],
    [
      'a CRL labelled "CRL"',
      () => server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlWrongLabel") }),
      (b) => [`${b.at("client_crl_file")} client_crl_file "crl-wrong-label.pem" holds only "CRL" block, so NativeLink finds no "X509 CRL" block in it; it starts with client certificate revocation checking silently off`],
    ],
    [
      "a DER CRL",
      () => server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlDer") }),
      (b) => [`${b.at("client_crl_file")} client_crl_file "crl.der" is a DER CRL, not PEM, so NativeLink finds no "X509 CRL" block in it; it starts with client certificate revocation checking silently off`],
    ],
    [
      "a byte-order mark hiding the only BEGIN line",
      () => server({ cert_file: "bom.pem", key_file: key }),
      (b) => [`${b.at("cert_file")} cert_file "bom.pem" holds no PEM block (it starts with a UTF-8 byte-order mark, which hides the BEGIN line on line 1), so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`],
    ],
    [
      "an indented BEGIN line",
      () => server({ cert_file: "indented.pem", key_file: key }),
      (b) => [`${b.at("cert_file")} cert_file "indented.pem" holds no PEM block (BEGIN lines not at the start of a line are ignored (line 1)), so NativeLink finds no CERTIFICATE block in it; ${NO_CERT}`],
    ],
    [
      "an unterminated block",
      () => server({ cert_file: "unterminated.pem", key_file: key }),
      (b) => [`${b.at("cert_file")} cert_file "unterminated.pem" has a malformed PEM section: the -----BEGIN CERTIFICATE----- block at line 1 is never closed by its END line; NativeLink stops at startup`],
    ],
    [
      "a body that is not base64",
      () => server({ cert_file: "bad-base64.pem", key_file: key }),
      (b) => [`${b.at("cert_file")} cert_file "bad-base64.pem" has a malformed PEM section: the body of the CERTIFICATE block at line 1 is not valid base64; NativeLink stops at startup`],
    ],
    [
      "a BEGIN line with four dashes",
      () => server({ cert_file: "bad-begin.pem", key_file: key }),
      (b) => [`${b.at("cert_file")} cert_file "bad-begin.pem" has a malformed PEM section: the BEGIN line at line 1 does not end in exactly five dashes; NativeLink stops at startup`],
    ],
    [
      "a worker's DER ca_file",
      () => worker({ ca_file: rel(pki, "serverDer") }),
      (b) => [`${b.at("ca_file")} ca_file "server.der" is DER (binary), not PEM: NativeLink reads client TLS files as text, so ${WORKER_LOOPS}`],
    ],
    [
      "a grpc store's text ca_file",
      () => grpcStore({ ca_file: rel(pki, "garbage") }),
      (b) => [
        `${b.at("ca_file")} ca_file "garbage.txt" holds no PEM block, so NativeLink finds no CERTIFICATE block in it; it trusts no CA for this endpoint: every TLS handshake fails with UnknownIssuer and NativeLink starts, but every request through this grpc store fails at the TLS handshake`,
      ],
    ],
    [
      "a worker's empty key_file",
      () => worker({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: rel(pki, "empty") }),
      (b) => [`${b.at("key_file")} key_file "empty.pem" is empty, so NativeLink finds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block) in it; ${WORKER_LOOPS}`],
    ],
  ];
  for (const [name, make, want] of invalid) {
    it(`reports ${name}`, async () => {
      const b = make();
      expect(await found(pki, b.config, RULE)).toEqual(want(b));
    });
  }

  it("passes good PEM, and leaves other findings to their rules", async () => {
    const ok = server({ cert_file: rel(pki, "serverChain"), key_file: rel(pki, "serverKeySec1"), client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlBundle") });
    expect(await found(pki, ok.config, RULE)).toEqual([]);
    // an encrypted key is tls-key-readable's; a CRL without client_ca_file is never read
    expect(await found(pki, server({ cert_file: cert, key_file: rel(pki, "encryptedKey"), client_crl_file: rel(pki, "garbage") }).config, RULE)).toEqual([]);
    expect(await found(pki, server({ cert_file: cert, key_file: rel(pki, "legacyEncryptedKey") }).config, RULE)).toEqual([]);
    // client files with PEM sections are the client-tls-* rules'
    expect(await found(pki, worker({ ca_file: rel(pki, "crl") }).config, RULE)).toEqual([]);
    expect(await found(pki, worker({ ca_file: "unterminated.pem" }).config, RULE)).toEqual([]);
  });

  it("carries NativeLink's message, severity and a conversion hint", async () => {
    const [der] = await findings(pki, server({ cert_file: rel(pki, "serverDer"), key_file: key }).config, RULE);
    expect(der?.nativelink).toBe("peer sent no certificates");
    expect(der?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    expect(der?.hint).toBe(`convert it to PEM and point the field at the result: openssl x509 -inform DER -in ${pki.dir}/server.der -out ${pki.dir}/server.pem`);
    const [k] = await findings(pki, server({ cert_file: cert, key_file: "key.der" }).config, RULE);
    expect(k?.nativelink).toBe("no items found");
    expect(k?.hint).toContain(`openssl pkey -inform DER -in ${pki.dir}/key.der -out ${pki.dir}/key.pem`);
    const [crl] = await findings(pki, server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlDer") }).config, RULE);
    expect(crl?.severity).toBe("warning");
    expect(crl?.nativelink).toBeUndefined();
    const [ca] = await findings(pki, server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "crl") }).config, RULE);
    expect(ca?.nativelink).toBe("no root trust anchors were provided");
    const [syntax] = await findings(pki, server({ cert_file: "unterminated.pem", key_file: key }).config, RULE);
    expect(syntax?.nativelink).toBe("missing section end marker: [67, 69, 82, 84, 73, 70, 73, 67, 65, 84, 69]");
    const [w] = await findings(pki, worker({ ca_file: rel(pki, "serverDer") }).config, RULE);
    expect(w?.nativelink).toBe("stream did not contain valid UTF-8");
    const [g] = await findings(pki, grpcStore({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: rel(pki, "empty") }).config, RULE);
    expect(g?.nativelink).toBe(grpcStoreChain('Error { code: InvalidArgument, messages: ["Error parsing TLS private key - no RSA or PKCS8-encoded keys found.", "transport error", "Setting mTLS configuration"] }', "UPSTREAM"));
  });

  describe.skipIf(!HAS_OPENSSL)(`reproducers against the openssl CLI${OPENSSL_SKIP}`, () => {
    it("fails on the DER certificate and passes on the PEM one", async () => {
      const [f] = await findings(pki, server({ cert_file: rel(pki, "serverDer"), key_file: key }).config, RULE);
      expect(f?.reproduce).toBe(`openssl x509 -inform PEM -noout -in ${pki.dir}/server.der`);
      expect(sh(f!.reproduce!).status).not.toBe(0);
      expect(sh(f!.reproduce!.replace("server.der", "server.pem")).status).toBe(0);
    });
    it("fails on a CRL labelled CRL and passes on X509 CRL", async () => {
      const [f] = await findings(pki, server({ cert_file: cert, key_file: key, client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlWrongLabel") }).config, RULE);
      expect(sh(f!.reproduce!).status).not.toBe(0);
      expect(sh(f!.reproduce!.replace("crl-wrong-label.pem", "crl.pem")).status).toBe(0);
    });
    it("fails on a certificate in key_file and passes on the key", async () => {
      const [f] = await findings(pki, server({ cert_file: cert, key_file: cert }).config, RULE);
      expect(sh(f!.reproduce!).status).not.toBe(0);
      expect(sh(f!.reproduce!.replace("server.pem", "server.key")).status).toBe(0);
    });
  });
});
