// The TLS analysis layer: one disk-touching reader, then pure facts and relations.
// Import lazily (`await import("./tls/index.ts")`): it pulls in node:crypto and nothing heavy.

export { readTlsFile, DEFAULT_MAX_BYTES, type FileRead, type FileReadErrorCode } from "./read.ts";
export {
  scanPem,
  rustlsBase64Decode,
  nativelinkReadCerts,
  nativelinkReadKey,
  nativelinkReadCrls,
  tonicReadCerts,
  tonicReadKey,
  RUST_BUF_SIZE,
  RUST_NOT_UTF8,
  TONIC_CERT_PARSE_ERROR,
  TONIC_KEY_PARSE_ERROR,
  KEY_KINDS,
  type PemBlock,
  type PemError,
  type PemScan,
  type ReadResult,
  type SectionKind,
} from "./pem.ts";
export {
  analyzeTlsBytes,
  certFactsFromDer,
  certPublicKey,
  crlFactsFromDer,
  isKeyLabel,
  type BlockProblem,
  type CertFacts,
  type CrlFacts,
  type DerFileFacts,
  type KeyFacts,
  type TlsFileFacts,
} from "./facts.ts";
export {
  buildChain,
  certValidForName,
  ekuAllows,
  isRevoked,
  isSignedBy,
  keyMatchesCert,
  keySpkiDiffersInEncoding,
  revocationCheck,
  rustlsNameError,
  signatureSupportedByRustls,
  validityAt,
  type ChainOptions,
  type ChainResult,
  type RevocationResult,
} from "./verify.ts";
export {
  opensslCrlCmd,
  opensslDatesCmd,
  opensslDecryptKeyCmd,
  opensslDerToPemCmd,
  opensslKeyMatchCmd,
  opensslListCertsCmd,
  opensslVerifyCmd,
  shellQuote,
  type OpensslVerifyOptions,
} from "./openssl.ts";
