// Every certificate in an ONTAP store's root_certificates must be one rustls accepts as a trust anchor.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { nativelinkReadCerts, opensslListCertsCmd } from "../src/tls/index.ts";
import { named, ontapCaError, tlsFiles } from "../src/facts/tls-server.ts";
import { describeSpec } from "../src/facts/stores.ts";

const TIP = "Failed to add certificate to root store";

const ONTAP = (ca: string) =>
  `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "ontap", endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas", root_certificates: "${ca}" } }], servers: [] }`;

export default defineRule(
  {
    id: "ontap-root-certificates-anchor",
    category: "tls",
    severity: "error",
    summary: "every certificate in an ONTAP store's root_certificates must be usable as a rustls trust anchor",
    why: "An ONTAP store (experimental_cloud_object_store with provider \"ontap\", or an ontap_s3_existence_cache's backend) reads root_certificates with rustls-pki-types' PEM reader when NativeLink builds it, keeps the CERTIFICATE blocks, and adds each one to its own rustls root store with RootCertStore::add. Unlike the client tls_config ca_file, which drops what rustls cannot use, the first certificate webpki refuses as a trust anchor (bad DER, an X.509 v2 certificate, a malformed extension) stops NativeLink while it builds the store.",
    fix: "Put only the PEM certificate(s) of the CA that signed the ONTAP S3 server's certificate in root_certificates; re-export or remove the certificate the finding names.",
    nativelink: [{ message: `invalid peer certificate: BadEncoding + ${TIP} + Failed to create store '{name}'`, source: "nativelink-store/src/ontap_s3_store.rs:108-114" }],
    catalog: ["ontap-ca-file-parse"],
    examples: {
      bad: { config: ONTAP("certs/ontap-ca.pem"), files: { "certs/ontap-ca.pem": "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n" } },
      good: { config: ONTAP("certs/ontap-ca.pem"), files: { "certs/ontap-ca.pem": "@pki:rootCa" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const { ref, path, view } of tlsFiles(ctx, ["ontap-ca"])) {
      const bytes = view.read.bytes;
      const facts = view.facts;
      if (!bytes || !facts) continue;
      // A PEM error or a file without certificates is tls-file-pem's finding.
      const r = nativelinkReadCerts(bytes);
      if (!r.ok || r.lines.length === 0) continue;
      // RootCertStore::add in file order: the first refusal stops the store.
      const first = [
        ...facts.certErrors.map((e) => ({ index: e.index, line: e.line, what: `is not a valid X.509 certificate (${e.error})`, rustls: e.rustls ?? "invalid peer certificate: BadEncoding" })),
        ...facts.certs
          .filter((c) => c.rustlsAnchorError)
          .map((c) => ({ index: c.index, line: c.line, what: `(${c.subject}) cannot be a trust anchor for rustls${c.version === 2 ? " (it is an X.509 v2 certificate)" : ""}`, rustls: c.rustlsAnchorError! })),
      ].sort((a, b) => a.index - b.index)[0];
      if (!first) continue;
      yield {
        node: ref.str.node,
        message: `certificate ${first.index + 1} (line ${first.line}) of ${named(ref)} ${first.what}: NativeLink stops while it builds ontap ${describeSpec(model, ref.store!)}`,
        nativelink: ontapCaError(model, ref, "Internal", [first.rustls, TIP]),
        hint: "remove that certificate or replace it with the CA certificate in PEM",
        reproduce: opensslListCertsCmd(path),
      };
    }
  },
);
