import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { findings, found, rel, server, serverPki, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-chain-order";
const LEAF = "CN=localhost, O=nativelink-preflight";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";
const ROOT = "CN=Preflight Test Root CA, O=nativelink-preflight";

let pki: Pki;
let key: string;
beforeAll(async () => {
  pki = await serverPki();
  key = rel(pki, "serverKey");
  write(pki, "leaf-root-inter.pem", text(pki, "server") + text(pki, "rootCa") + text(pki, "intermediateCa"));
  write(pki, "chain-extra.pem", text(pki, "serverChain") + text(pki, "foreignCa"));
  write(pki, "fullchain.pem", text(pki, "serverChain") + text(pki, "rootCa"));
});

describe(RULE, () => {
  it("reports intermediates out of issuing order", async () => {
    const b = server({ cert_file: "leaf-root-inter.pem", key_file: key });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} cert_file "leaf-root-inter.pem" does not list the chain in issuing order: it should be ${LEAF} → ${INTER} → ${ROOT}; rustls clients accept any order, but TLS 1.2 asks for each certificate to be followed by its issuer`,
    ]);
  });

  it("reports a certificate that is not on the leaf's chain", async () => {
    const b = server({ cert_file: "chain-extra.pem", key_file: key });
    const line = text(pki, "serverChain").split("\n").length;
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} cert_file "chain-extra.pem" holds CN=Some Other CA, O=elsewhere (certificate 3, line ${line}), which is not on the chain of ${LEAF}: NativeLink sends it to every client for nothing`,
    ]);
  });

  it("reports a missing intermediate that another field of the config names", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: key, client_ca_file: rel(pki, "caBundle") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("cert_file")} cert_file "server.pem" lacks the intermediate CA ${INTER} that issued ${LEAF} (it is in client_ca_file "ca-bundle.pem"): clients that trust only the root CA fail with UnknownIssuer`,
    ]);
  });

  it("passes ordered chains, full chains, a lone leaf whose issuer is unknown, and a leaf-last file (tls-key-matches-cert's)", async () => {
    for (const cert of [rel(pki, "serverChain"), "fullchain.pem", rel(pki, "server"), rel(pki, "serverChainWrongOrder")]) {
      expect(await found(pki, server({ cert_file: cert, key_file: key }).config, RULE)).toEqual([]);
    }
    // the intermediate named elsewhere, but the chain already has it
    expect(await found(pki, server({ cert_file: rel(pki, "serverChain"), key_file: key, client_ca_file: rel(pki, "caBundle") }).config, RULE)).toEqual([]);
  });

  it("carries the handshake error, a pointer and a listing command", async () => {
    const [f] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: key, client_ca_file: rel(pki, "caBundle") }).config, RULE);
    expect(f?.nativelink).toBe("invalid peer certificate: UnknownIssuer");
    expect(f?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    expect(f?.severity).toBe("warning");
    expect(f?.reproduce).toBe(`openssl crl2pkcs7 -nocrl -certfile ${pki.dir}/server.pem | openssl pkcs7 -print_certs -noout`);
  });
});
