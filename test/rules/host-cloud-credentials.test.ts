import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, NO_PROC, onHost } from "../helpers/host.ts";
import { lint } from "../helpers/lint.ts";

const RULE = "host-cloud-credentials";
const GCS = `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "gcs", bucket: "cas", authentication_required: true } }], servers: [] }`;
const AZ = `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "azure", account_name: "acct", container: "cas" } }], servers: [] }`;

describe(RULE, () => {
  it("reports a GCS store that requires authentication and finds none", async () => {
    expect(await onHost(GCS, RULE, { env: {}, hostRoots: NO_PROC })).toEqual([
      `1:${col(GCS, "authentication_required: true") + "authentication_required: ".length} store "CAS" requires GCS authentication, but NativeLink would find no credentials: GOOGLE_APPLICATION_CREDENTIALS and GOOGLE_APPLICATION_CREDENTIALS_JSON are unset, root has no gcloud application default credentials, and this is not a Compute Engine machine: NativeLink stops at startup`,
    ]);
  });
  it("passes a credentials file that exists, and the JSON variable, without printing them", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-gcs-"));
    writeFileSync(join(d, "key.json"), "{}");
    expect(await onHost(GCS, RULE, { env: { GOOGLE_APPLICATION_CREDENTIALS: join(d, "key.json") }, hostRoots: NO_PROC })).toEqual([]);
    expect(await onHost(GCS, RULE, { env: { GOOGLE_APPLICATION_CREDENTIALS_JSON: '{"private_key":"sekrit-value"}' }, hostRoots: NO_PROC })).toEqual([]);
  });
  it("names the Workload Identity variables an Azure store lacks, never their values", async () => {
    const findings = await lint(AZ, { onHost: true, env: { AZURE_CLIENT_ID: "client-id-value-123" }, hostRoots: NO_PROC });
    const mine = findings.filter((f) => f.ruleId === RULE);
    expect(mine.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      `1:${col(AZ, '"azure"')} Azure store "CAS" has no sas_url, so it uses Workload Identity, but AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE are unset in NativeLink's environment: NativeLink stops at startup`,
    ]);
    expect(JSON.stringify(findings)).not.toContain("client-id-value-123");
  });
});
