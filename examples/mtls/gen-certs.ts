// Generates the example deployment's PKI into examples/mtls/certs/ (run by `npm run example`).
// Nothing here is committed: private keys exist only on the machine that runs this.
// Two things are deliberately wrong, so the example shows what the tool finds:
//   - the scheduler's certificate expires in 12 days (a warning under the default 30-day window);
//   - the worker's client certificate was issued without the clientAuth purpose, so the scheduler's
//     worker API would refuse it and the worker would retry forever.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { CLIENT_AUTH, DAY, KU, SERVER_AUTH, crlFor, ecKeys, issue, pem, privateKeyObject, type Keys } from "../../test/helpers/pki.ts";

/** Writes the example PKI into `dir`, dated from `now` (tests make it in a temp directory at a fixed date). */
export async function genCerts(dir: string, now = Date.now()): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const at = (days: number) => new Date(now + days * DAY);

  async function keyFile(name: string, keys: Keys): Promise<void> {
    const path = join(dir, name);
    writeFileSync(path, (await privateKeyObject(keys)).export({ type: "pkcs8", format: "pem" }) as string);
    chmodSync(path, 0o600);
  }

  const [caKeys, workerCaKeys, clientsCaKeys, casKeys, schedulerKeys, workerKeys] = await Promise.all([ecKeys(), ecKeys(), ecKeys(), ecKeys(), ecKeys(), ecKeys()]);
  const ca = await issue({ subject: "CN=Example Build Root CA, O=example", serial: "01", keys: caKeys, notBefore: at(-30), notAfter: at(3650), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const workerCa = await issue({ subject: "CN=Example Worker CA, O=example", serial: "02", keys: workerCaKeys, notBefore: at(-30), notAfter: at(3650), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const clientsCa = await issue({ subject: "CN=Example Bazel Clients CA, O=example", serial: "03", keys: clientsCaKeys, notBefore: at(-30), notAfter: at(3650), ca: {}, ku: KU.keyCertSign | KU.cRLSign });
  const cas = await issue({ subject: "CN=cas.build.internal, O=example", serial: "10", keys: casKeys, issuer: ca, notBefore: at(-10), notAfter: at(355), ku: KU.digitalSignature, eku: [SERVER_AUTH], san: { dns: ["cas.build.internal"] } });
  const scheduler = await issue({ subject: "CN=scheduler.build.internal, O=example", serial: "11", keys: schedulerKeys, issuer: ca, notBefore: at(-78), notAfter: at(12), ku: KU.digitalSignature, eku: [SERVER_AUTH], san: { dns: ["scheduler.build.internal"] } });
  const worker = await issue({ subject: "CN=worker-0, O=example", serial: "20", keys: workerKeys, issuer: workerCa, notBefore: at(-10), notAfter: at(355), ku: KU.digitalSignature, eku: [SERVER_AUTH] });
  const workerCrl = await crlFor(workerCa, { thisUpdate: at(-1), nextUpdate: at(6), revoked: ["99"], number: 1 });

  writeFileSync(join(dir, "ca.pem"), pem(ca.cert));
  writeFileSync(join(dir, "worker-ca.pem"), pem(workerCa.cert));
  writeFileSync(join(dir, "clients-ca.pem"), pem(clientsCa.cert));
  writeFileSync(join(dir, "worker-ca.crl"), pem(workerCrl));
  writeFileSync(join(dir, "cas.pem"), pem(cas.cert));
  writeFileSync(join(dir, "scheduler.pem"), pem(scheduler.cert));
  writeFileSync(join(dir, "worker.pem"), pem(worker.cert));
  await keyFile("cas-key.pem", casKeys);
  await keyFile("scheduler-key.pem", schedulerKeys);
  await keyFile("worker-key.pem", workerKeys);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "certs");
  await genCerts(dir);
  console.log(`wrote the example PKI to ${dir}`);
}
