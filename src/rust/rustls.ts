// rustls 0.23.34's texts for a certificate it refuses (rustls src/error.rs, `Display for Error` and
// `Display for CertificateError`), written once for every check that says what a handshake prints.
// Like all of src/rust/, it imports nothing of the project but its own siblings.
import { rustStrDebug } from "./debug.ts";

/** `Error::InvalidCertificate(e)`: the prefix rustls puts before every certificate error. */
export function invalidPeerCertificate(error: string): string {
  return `invalid peer certificate: ${error}`;
}

/** `UnixTime::as_secs`. */
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

/** `CertificateError::ExpiredContext`. */
export function expiredContext(time: Date, notAfter: Date): string {
  return invalidPeerCertificate(
    `certificate expired: verification time ${secs(time)} (UNIX), but certificate is not valid after ${secs(notAfter)} (${Math.max(0, secs(time) - secs(notAfter))} seconds ago)`,
  );
}

/** `CertificateError::NotValidYetContext`. */
export function notValidYetContext(time: Date, notBefore: Date): string {
  return invalidPeerCertificate(
    `certificate not valid yet: verification time ${secs(time)} (UNIX), but certificate is not valid before ${secs(notBefore)} (${Math.max(0, secs(notBefore) - secs(time))} seconds in future)`,
  );
}

/** `ExtendedKeyPurpose`'s Display of a purpose (its dotted OID): the two TLS purposes by name, any other as its arcs. */
export function extendedKeyPurpose(oid: string): string {
  if (oid === "1.3.6.1.5.5.7.3.1") return "server authentication";
  if (oid === "1.3.6.1.5.5.7.3.2") return "client authentication";
  return oid.split(".").join(", ");
}

/** `CertificateError::InvalidPurposeContext`: the purpose required, the purposes the certificate lists (dotted OIDs). */
export function invalidPurposeContext(required: string, presented: readonly string[]): string {
  return invalidPeerCertificate(`certificate does not allow extended key usage for ${extendedKeyPurpose(required)}, allows ${presented.map(extendedKeyPurpose).join(", ")}`);
}

/** `CertificateError::NotValidForNameContext`: `presented` as webpki's Debug prints names (`DnsName("a.example")`). */
export function notValidForNameContext(expected: string, presented: readonly string[]): string {
  let tail: string;
  if (presented.length === 0) tail = "is not valid for any names (according to its subjectAltName extension)";
  else if (presented.length === 1) tail = `is only valid for ${presented[0]}`;
  else tail = `is only valid for ${presented.slice(0, -1).join(", ")} or ${presented[presented.length - 1]}`;
  return invalidPeerCertificate(`certificate not valid for name ${rustStrDebug(expected)}; certificate ${tail}`);
}
