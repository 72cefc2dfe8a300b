// The least work any check of the mTLS example scheduler (examples/mtls/scheduler.json5) has to do,
// without this tool's code: read the config and the six files it names, load node:crypto, parse the
// four certificates, load the private key and match it to its certificate, verify the server's chain
// and each CA's own signature, take a fingerprint. scripts/bench.mjs times it beside the tool, to show
// how much of the start-up goal Node and OpenSSL leave for the tool's own code (docs/design.md,
// "Speed, twelfth round"). Run in examples/mtls; prints one line of JSON.
"use strict";
const fs = require("node:fs");
const crypto = require("node:crypto");

const text = fs.readFileSync("scheduler.json5", "utf8");
const read = (name) => fs.readFileSync(`certs/${name}`);
const ca = new crypto.X509Certificate(read("ca.pem"));
const server = new crypto.X509Certificate(read("scheduler.pem"));
const key = crypto.createPrivateKey(read("scheduler-key.pem"));
const clientCas = [new crypto.X509Certificate(read("clients-ca.pem")), new crypto.X509Certificate(read("worker-ca.pem"))];
const crl = read("worker-ca.crl");
const result = {
  configLines: text.split("\n").length,
  chain: server.verify(ca.publicKey),
  selfSigned: [ca, ...clientCas].map((c) => c.verify(c.publicKey)),
  keyMatches: server.checkPrivateKey(key),
  notAfter: server.validTo,
  fingerprint: ca.fingerprint256,
  crlBytes: crl.length,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
