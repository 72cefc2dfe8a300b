// Reproducer commands for findings: strings only, nothing is executed here. Paths are quoted
// for POSIX shells; opensslKeyMatchCmd needs bash (process substitution).

/** Single-quotes a word for sh/bash unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface OpensslVerifyOptions {
  caFile: string;
  /** Intermediates the peer sends (e.g. the cert_file itself, whose first certificate is the leaf). */
  untrusted?: string;
  crlFile?: string;
  /**
   * `leaf` adds `-crl_check` (only the leaf's revocation). `all` adds `-crl_check_all`, which is
   * what NativeLink's verifier does (rustls checks every certificate below the anchor and denies
   * unknown status). Default: leaf.
   */
  crlCheck?: "leaf" | "all";
  purpose: "sslserver" | "sslclient";
  /** Verify at this time (`-attime`, epoch seconds). */
  at?: Date;
  /** Check the leaf's names against this host (`-verify_hostname` / `-verify_ip`). */
  host?: string;
  certFile: string;
}

export function opensslVerifyCmd(opts: OpensslVerifyOptions): string {
  const args = ["openssl", "verify", "-purpose", opts.purpose, "-CAfile", shellQuote(opts.caFile)];
  if (opts.untrusted !== undefined) args.push("-untrusted", shellQuote(opts.untrusted));
  if (opts.crlFile !== undefined) {
    args.push(opts.crlCheck === "all" ? "-crl_check_all" : "-crl_check", "-CRLfile", shellQuote(opts.crlFile));
  }
  if (opts.at !== undefined) args.push("-attime", String(Math.floor(opts.at.getTime() / 1000)));
  if (opts.host !== undefined) {
    const h = opts.host.replace(/^\[|\]$/g, "");
    const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(":");
    args.push(ip ? "-verify_ip" : "-verify_hostname", shellQuote(h));
  }
  args.push(shellQuote(opts.certFile));
  return args.join(" ");
}

export function opensslDatesCmd(certFile: string): string {
  return `openssl x509 -noout -subject -dates -ext subjectAltName,extendedKeyUsage,keyUsage,basicConstraints -in ${shellQuote(certFile)}`;
}

/**
 * Compares the SHA-256 of both public keys; `diff` exits 1 and prints both hashes when they differ.
 * `-passin pass:` makes an encrypted key fail at once instead of prompting.
 */
export function opensslKeyMatchCmd(certFile: string, keyFile: string): string {
  return `diff <(openssl x509 -noout -pubkey -in ${shellQuote(certFile)} | openssl sha256) <(openssl pkey -pubout -passin pass: -in ${shellQuote(keyFile)} | openssl sha256)`;
}

/** Prints the CRL's issuer and dates and checks its signature against the CA (`verify OK` / `verify failure`). */
export function opensslCrlCmd(crlFile: string, caFile: string): string {
  return `openssl crl -noout -issuer -lastupdate -nextupdate -CAfile ${shellQuote(caFile)} -in ${shellQuote(crlFile)}`;
}

/** Shows every certificate in a PEM bundle, in file order (to see which comes first). */
export function opensslListCertsCmd(file: string): string {
  return `openssl crl2pkcs7 -nocrl -certfile ${shellQuote(file)} | openssl pkcs7 -print_certs -noout`;
}

/** Converts a DER certificate or CRL to PEM. */
export function opensslDerToPemCmd(kind: "x509" | "crl", derFile: string, pemFile: string): string {
  return `openssl ${kind} -inform DER -in ${shellQuote(derFile)} -out ${shellQuote(pemFile)}`;
}

/** Decrypts an encrypted private key into unencrypted PKCS#8 (asks for the passphrase). */
export function opensslDecryptKeyCmd(keyFile: string, outFile: string): string {
  return `openssl pkey -in ${shellQuote(keyFile)} -out ${shellQuote(outFile)}`;
}
