// Writes the public half of a small PKI to test/fixtures/public-pki/ (a root, an intermediate, a server
// chain, a client certificate, a client CA and its CRL), for tests that want real, long-lived files.
// Certificates and a CRL only: the private keys live in memory here and are dropped.
// Run once with `npx tsx scripts/gen-public-pki.ts`; the output is committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { CLIENT_AUTH, KU, SERVER_AUTH, crlFor, ecKeys, issue, pem } from "../test/helpers/pki.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "public-pki");
mkdirSync(dir, { recursive: true });
const from = new Date("2026-01-01T00:00:00Z");
const until = new Date("2125-12-31T00:00:00Z");

const [rootKeys, interKeys, clientsKeys, serverKeys, clientKeys] = await Promise.all([ecKeys(), ecKeys(), ecKeys(), ecKeys(), ecKeys()]);
const root = await issue({ subject: "CN=Warm-up Root CA", serial: "01", keys: rootKeys, notBefore: from, notAfter: until, ca: {}, ku: KU.keyCertSign | KU.cRLSign });
const inter = await issue({ subject: "CN=Warm-up Intermediate CA", serial: "02", keys: interKeys, issuer: root, notBefore: from, notAfter: until, ca: { pathLen: 0 }, ku: KU.keyCertSign | KU.cRLSign });
const clients = await issue({ subject: "CN=Warm-up Clients CA", serial: "03", keys: clientsKeys, notBefore: from, notAfter: until, ca: {}, ku: KU.keyCertSign | KU.cRLSign });
const server = await issue({ subject: "CN=server.warm.internal", serial: "10", keys: serverKeys, issuer: inter, notBefore: from, notAfter: until, ku: KU.digitalSignature, eku: [SERVER_AUTH], san: { dns: ["server.warm.internal"] } });
const client = await issue({ subject: "CN=worker-0", serial: "20", keys: clientKeys, issuer: clients, notBefore: from, notAfter: until, ku: KU.digitalSignature, eku: [CLIENT_AUTH] });
const crl = await crlFor(clients, { thisUpdate: from, nextUpdate: until, revoked: ["99"], number: 1 });

writeFileSync(join(dir, "root-ca.pem"), pem(root.cert));
writeFileSync(join(dir, "server-chain.pem"), pem(server.cert) + pem(inter.cert));
writeFileSync(join(dir, "clients-ca.pem"), pem(clients.cert));
writeFileSync(join(dir, "clients-ca.crl"), pem(crl));
writeFileSync(join(dir, "client.pem"), pem(client.cert));
console.log(`wrote the public PKI to ${dir}`);
