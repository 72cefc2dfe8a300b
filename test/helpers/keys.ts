// Private keys made at test time, so no key material is ever committed (not even a fake one).
import { generateKeyPairSync } from "node:crypto";

export interface TestKey {
  /** The whole PEM text. */
  pem: string;
  /** Its armour lines ("-----BEGIN ... PRIVATE KEY-----" and the END line) and its base64 body lines. */
  begin: string;
  end: string;
  body: string[];
}

/** A fresh RSA key as PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY") PEM. */
export function testKey(type: "pkcs8" | "pkcs1" = "pkcs8"): TestKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const pem = privateKey.export({ type, format: "pem" }).toString().trim();
  const lines = pem.split("\n");
  return { pem, begin: lines[0]!, end: lines[lines.length - 1]!, body: lines.slice(1, -1) };
}
