// A throw-away PKI generated at test time into a temp directory. No private key is committed.
// EC P-256 everywhere, RSA only where a test needs RSA (a PKCS#1 key, a weak 1024-bit leaf).

import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { AsnConvert } from "@peculiar/asn1-schema";
import * as asn from "@peculiar/asn1-x509";
import { KeyObject, createPrivateKey, sign as nodeSign, webcrypto } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const subtle = webcrypto.subtle;
const EC_GEN = { name: "ECDSA", namedCurve: "P-256" } as const;
export const DAY = 86_400_000;

export type Keys = CryptoKeyPair;

export interface Issued {
  cert: x509.X509Certificate;
  keys: Keys;
}

export interface Pki {
  dir: string;
  /** The reference time the PKI was made for. */
  now: Date;
  files: {
    rootCa: string;
    intermediateCa: string;
    /** intermediate + root */
    caBundle: string;
    foreignCa: string;
    server: string;
    serverKey: string;
    serverKeySec1: string;
    /** server + intermediate */
    serverChain: string;
    /** intermediate + server (leaf not first) */
    serverChainWrongOrder: string;
    client: string;
    clientKey: string;
    /** client + intermediate */
    clientChain: string;
    expired: string;
    expiredKey: string;
    notYetValid: string;
    weakRsa: string;
    weakRsaKey: string;
    rsaServer: string;
    rsaServerKeyPkcs1: string;
    sha1: string;
    cnOnly: string;
    /** undefined when a v1 certificate could not be made (see `v1Skipped`). */
    v1?: string;
    caAsLeaf: string;
    caAsLeafKey: string;
    revokedClient: string;
    revokedClientKey: string;
    /** revokedClient + intermediate */
    revokedClientChain: string;
    /** intermediate's CRL listing revokedClient */
    crl: string;
    /** root's CRL (empty), covering the intermediate */
    rootCrl: string;
    /** crl + rootCrl */
    crlBundle: string;
    /** crl under the label "CRL" (as @peculiar/x509 writes it): rustls-pki-types skips it */
    crlWrongLabel: string;
    /** a CRL from foreignCa */
    crlForeign: string;
    /** intermediate's CRL whose nextUpdate has passed */
    crlExpired: string;
    /** serverKey then clientKey */
    twoKeys: string;
    /** serverKey, 9000 bytes of comments, clientKey: the second key lies past the first 8 KiB */
    twoKeysFar: string;
    /** PKCS#8 encrypted with a passphrase */
    encryptedKey: string;
    /** PKCS#1 with Proc-Type: 4,ENCRYPTED headers */
    legacyEncryptedKey: string;
    serverDer: string;
    crlDer: string;
    empty: string;
    garbage: string;
  };
  serials: { server: string; client: string; revokedClient: string; intermediate: string };
  subjects: { root: string; intermediate: string; server: string; client: string };
  /** Why the v1 certificate was not made, when it was not. */
  v1Skipped?: string;
  passphrase: string;
}

export async function ecKeys(): Promise<Keys> {
  return (await subtle.generateKey(EC_GEN, true, ["sign", "verify"]));
}

async function rsaKeys(bits: number): Promise<Keys> {
  return (await subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  ));
}

export async function privateKeyObject(keys: Keys): Promise<KeyObject> {
  const der = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

function sigAlg(keys: Keys, hash = "SHA-256"): Algorithm {
  return keys.privateKey.algorithm.name === "ECDSA" ? ({ name: "ECDSA", hash } as Algorithm) : ({ name: "RSASSA-PKCS1-v1_5", hash } as Algorithm);
}

export interface IssueOptions {
  subject: string;
  serial: string;
  keys: Keys;
  issuer?: Issued;
  notBefore: Date;
  notAfter: Date;
  ca?: { pathLen?: number };
  eku?: string[];
  ku?: number;
  san?: { dns?: string[]; ip?: string[] };
  hash?: string;
  extraExtensions?: x509.Extension[];
}

export async function issue(o: IssueOptions): Promise<Issued> {
  const exts: x509.Extension[] = [];
  if (o.ca) exts.push(new x509.BasicConstraintsExtension(true, o.ca.pathLen, true));
  // Usages are combined with |, which TypeScript types as a number rather than the flags enum.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  if (o.ku !== undefined) exts.push(new x509.KeyUsagesExtension(o.ku, true));
  if (o.eku) exts.push(new x509.ExtendedKeyUsageExtension(o.eku, false));
  if (o.san) {
    const names = [...(o.san.dns ?? []).map((v) => ({ type: "dns" as const, value: v })), ...(o.san.ip ?? []).map((v) => ({ type: "ip" as const, value: v }))];
    exts.push(new x509.SubjectAlternativeNameExtension(names, false));
  }
  exts.push(await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey));
  if (o.issuer) exts.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey));
  exts.push(...(o.extraExtensions ?? []));
  const signer = o.issuer?.keys ?? o.keys;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: o.serial,
    subject: o.subject,
    issuer: o.issuer ? o.issuer.cert.subjectName : o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: sigAlg(signer, o.hash),
    extensions: exts,
  });
  return { cert, keys: o.keys };
}

/** A version-1 certificate (no version field, no extensions), built from ASN.1 and signed by node. */
async function issueV1(subject: string, serialHex: string, keys: Keys, issuer: Issued, notBefore: Date, notAfter: Date): Promise<Uint8Array> {
  const alg = new asn.AlgorithmIdentifier({ algorithm: "1.2.840.10045.4.3.2" });
  const spki = AsnConvert.parse(await subtle.exportKey("spki", keys.publicKey), asn.SubjectPublicKeyInfo);
  const tbs = new asn.TBSCertificate({
    version: asn.Version.v1,
    serialNumber: toArrayBuffer(Buffer.from(serialHex, "hex")),
    signature: alg,
    issuer: AsnConvert.parse(issuer.cert.subjectName.toArrayBuffer(), asn.Name),
    validity: new asn.Validity({ notBefore, notAfter }),
    subject: AsnConvert.parse(new x509.Name(subject).toArrayBuffer(), asn.Name),
    subjectPublicKeyInfo: spki,
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = nodeSign("sha256", tbsDer, await privateKeyObject(issuer.keys));
  const cert = new asn.Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: toArrayBuffer(signature) });
  return new Uint8Array(AsnConvert.serialize(cert));
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

export function pem(obj: x509.X509Certificate | x509.X509Crl): string {
  // @peculiar/x509 labels CRLs "CRL"; OpenSSL and rustls-pki-types use "X509 CRL".
  if (obj instanceof x509.X509Crl) return derPem("X509 CRL", new Uint8Array(obj.rawData));
  return derPem("CERTIFICATE", new Uint8Array(obj.rawData));
}

function derPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").trim();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export async function crlFor(
  issuer: Issued,
  o: { thisUpdate: Date; nextUpdate: Date; revoked?: string[]; number: number },
): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: issuer.cert.subjectName,
    thisUpdate: o.thisUpdate,
    nextUpdate: o.nextUpdate,
    entries: (o.revoked ?? []).map((serialNumber) => ({ serialNumber, revocationDate: o.thisUpdate })),
    signingAlgorithm: sigAlg(issuer.keys),
    signingKey: issuer.keys.privateKey,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      new x509.Extension("2.5.29.20", false, new Uint8Array([0x02, 0x01, o.number])),
    ],
  });
}

export const KU = x509.KeyUsageFlags;
export const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

export async function makePki(dir: string, opts: { now?: Date } = {}): Promise<Pki> {
  const now = opts.now ?? new Date();
  const nb = new Date(now.getTime() - DAY);
  // CAs predate every leaf, so an -attime inside the expired leaf's life still finds valid CAs.
  const caNb = new Date(now.getTime() - 365 * DAY);
  const na = new Date(now.getTime() + 365 * DAY);
  const w = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  const [rootKeys, interKeys, foreignKeys, serverKeys, clientKeys, expKeys, nyvKeys, sha1Keys, cnKeys, v1Keys, caLeafKeys, revKeys, weakKeys, rsaKeysPair] =
    await Promise.all([
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      ecKeys(),
      rsaKeys(1024),
      rsaKeys(2048),
    ]);

  const subjects = {
    root: "CN=Preflight Test Root CA, O=nativelink-preflight",
    intermediate: "CN=Preflight Test Intermediate CA, O=nativelink-preflight",
    server: "CN=localhost, O=nativelink-preflight",
    client: "CN=worker-01, O=nativelink-preflight",
  };
  const root = await issue({ subject: subjects.root, serial: "01", keys: rootKeys, notBefore: caNb, notAfter: new Date(now.getTime() + 3650 * DAY), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const inter = await issue({ subject: subjects.intermediate, serial: "02", keys: interKeys, issuer: root, notBefore: caNb, notAfter: new Date(now.getTime() + 1825 * DAY), ca: { pathLen: 0 }, ku: KU.keyCertSign | KU.cRLSign });
  const foreign = await issue({ subject: "CN=Some Other CA, O=elsewhere", serial: "03", keys: foreignKeys, notBefore: caNb, notAfter: na, ca: {}, ku: KU.keyCertSign | KU.cRLSign });

  const leaf = (subject: string, serial: string, keys: Keys, extra: Partial<IssueOptions> = {}) =>
    issue({ subject, serial, keys, issuer: inter, notBefore: nb, notAfter: na, ku: KU.digitalSignature, ...extra });

  const server = await leaf(subjects.server, "1001", serverKeys, { eku: [SERVER_AUTH], san: { dns: ["localhost"], ip: ["127.0.0.1"] } });
  const client = await leaf(subjects.client, "1002", clientKeys, { eku: [CLIENT_AUTH], san: { dns: ["worker-01"] } });
  const expired = await leaf("CN=expired.localhost", "1003", expKeys, {
    eku: [SERVER_AUTH],
    san: { dns: ["expired.localhost"] },
    notBefore: new Date(now.getTime() - 60 * DAY),
    notAfter: new Date(now.getTime() - DAY),
  });
  const notYet = await leaf("CN=future.localhost", "1004", nyvKeys, {
    eku: [SERVER_AUTH],
    san: { dns: ["future.localhost"] },
    notBefore: new Date(now.getTime() + 10 * DAY),
    notAfter: new Date(now.getTime() + 100 * DAY),
  });
  const weak = await leaf("CN=weak.localhost", "1005", weakKeys, { eku: [SERVER_AUTH], san: { dns: ["weak.localhost"] } });
  const rsaServer = await leaf("CN=rsa.localhost", "1006", rsaKeysPair, { eku: [SERVER_AUTH], san: { dns: ["rsa.localhost"] } });
  const sha1 = await leaf("CN=sha1.localhost", "1007", sha1Keys, { eku: [SERVER_AUTH], san: { dns: ["sha1.localhost"] }, hash: "SHA-1" });
  const cnOnly = await leaf("CN=cn-only.localhost", "1008", cnKeys, { eku: [SERVER_AUTH] });
  const caAsLeaf = await leaf("CN=ca-as-leaf.localhost", "1009", caLeafKeys, {
    eku: [SERVER_AUTH],
    san: { dns: ["ca-as-leaf.localhost"] },
    ca: {},
    ku: KU.digitalSignature | KU.keyCertSign,
  });
  const revoked = await leaf("CN=worker-revoked", "100a", revKeys, { eku: [CLIENT_AUTH] });

  let v1: string | undefined;
  let v1Skipped: string | undefined;
  try {
    v1 = w("v1.pem", derPem("CERTIFICATE", await issueV1("CN=v1.localhost", "100b", v1Keys, inter, nb, na)));
  } catch (e) {
    v1Skipped = `could not build a v1 certificate: ${(e as Error).message}`;
  }

  const crl = await crlFor(inter, { thisUpdate: nb, nextUpdate: new Date(now.getTime() + 30 * DAY), revoked: ["100a"], number: 1 });
  const rootCrl = await crlFor(root, { thisUpdate: nb, nextUpdate: new Date(now.getTime() + 30 * DAY), number: 1 });
  const crlForeign = await crlFor(foreign, { thisUpdate: nb, nextUpdate: new Date(now.getTime() + 30 * DAY), revoked: ["100a"], number: 1 });
  const crlExpired = await crlFor(inter, { thisUpdate: new Date(now.getTime() - 60 * DAY), nextUpdate: new Date(now.getTime() - 30 * DAY), revoked: ["100a"], number: 2 });

  const keyPem = async (keys: Keys) => (await privateKeyObject(keys)).export({ type: "pkcs8", format: "pem" }) as string;
  const serverKeyPem = await keyPem(serverKeys);
  const clientKeyPem = await keyPem(clientKeys);
  const serverKeyObj = await privateKeyObject(serverKeys);
  const rsaKeyObj = await privateKeyObject(rsaKeysPair);
  const passphrase = "correct horse battery staple";
  const junk = Array.from({ length: 150 }, (_, i) => `# padding line ${String(i).padStart(3, "0")} ${"x".repeat(40)}`).join("\n");

  const files: Pki["files"] = {
    rootCa: w("root-ca.pem", pem(root.cert)),
    intermediateCa: w("intermediate-ca.pem", pem(inter.cert)),
    caBundle: w("ca-bundle.pem", pem(inter.cert) + pem(root.cert)),
    foreignCa: w("foreign-ca.pem", pem(foreign.cert)),
    server: w("server.pem", pem(server.cert)),
    serverKey: w("server.key", serverKeyPem),
    serverKeySec1: w("server-sec1.key", serverKeyObj.export({ type: "sec1", format: "pem" })),
    serverChain: w("server-chain.pem", pem(server.cert) + pem(inter.cert)),
    serverChainWrongOrder: w("server-chain-wrong-order.pem", pem(inter.cert) + pem(server.cert)),
    client: w("client.pem", pem(client.cert)),
    clientKey: w("client.key", clientKeyPem),
    clientChain: w("client-chain.pem", pem(client.cert) + pem(inter.cert)),
    expired: w("expired.pem", pem(expired.cert)),
    expiredKey: w("expired.key", await keyPem(expKeys)),
    notYetValid: w("not-yet-valid.pem", pem(notYet.cert)),
    weakRsa: w("weak-rsa.pem", pem(weak.cert)),
    weakRsaKey: w("weak-rsa.key", await keyPem(weakKeys)),
    rsaServer: w("rsa-server.pem", pem(rsaServer.cert)),
    rsaServerKeyPkcs1: w("rsa-server-pkcs1.key", rsaKeyObj.export({ type: "pkcs1", format: "pem" })),
    sha1: w("sha1.pem", pem(sha1.cert)),
    cnOnly: w("cn-only.pem", pem(cnOnly.cert)),
    caAsLeaf: w("ca-as-leaf.pem", pem(caAsLeaf.cert)),
    caAsLeafKey: w("ca-as-leaf.key", await keyPem(caLeafKeys)),
    revokedClient: w("revoked-client.pem", pem(revoked.cert)),
    revokedClientKey: w("revoked-client.key", await keyPem(revKeys)),
    revokedClientChain: w("revoked-client-chain.pem", pem(revoked.cert) + pem(inter.cert)),
    crl: w("crl.pem", pem(crl)),
    rootCrl: w("root-crl.pem", pem(rootCrl)),
    crlBundle: w("crl-bundle.pem", pem(crl) + pem(rootCrl)),
    crlWrongLabel: w("crl-wrong-label.pem", `${crl.toString("pem").replace(/\r\n/g, "\n").trim()}\n`),
    crlForeign: w("crl-foreign.pem", pem(crlForeign)),
    crlExpired: w("crl-expired.pem", pem(crlExpired)),
    twoKeys: w("two-keys.key", serverKeyPem + clientKeyPem),
    twoKeysFar: w("two-keys-far.key", `${serverKeyPem}${junk}\n${clientKeyPem}`),
    encryptedKey: w("encrypted.key", serverKeyObj.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase })),
    legacyEncryptedKey: w("legacy-encrypted.key", rsaKeyObj.export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase })),
    serverDer: w("server.der", new Uint8Array(server.cert.rawData)),
    crlDer: w("crl.der", new Uint8Array(crl.rawData)),
    empty: w("empty.pem", ""),
    garbage: w("garbage.txt", "this is not a certificate\njust some text\n"),
  };
  if (v1) files.v1 = v1;
  const pki: Pki = {
    dir,
    now,
    files,
    serials: { server: "1001", client: "1002", revokedClient: "100a", intermediate: "02" },
    subjects,
    passphrase,
  };
  if (v1Skipped) pki.v1Skipped = v1Skipped;
  return pki;
}
