// With --on-host: a GCS store with authentication_required, and an Azure store without sas_url, need credentials in NativeLink's environment.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, storeBody } from "../src/typed.ts";
import { target } from "../src/host/report.ts";

const GCS = `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "gcs", bucket: "cas", authentication_required: true } }], servers: [] }`;
const AZURE_VARS = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE"];

export default defineRule(
  {
    id: "host-cloud-credentials",
    category: "host",
    severity: "error",
    summary: "with --on-host, cloud stores that need credentials must find them in NativeLink's environment",
    why: "A GCS store with authentication_required: true stops NativeLink at startup when google-cloud-auth finds no credentials: GOOGLE_APPLICATION_CREDENTIALS (a file) or GOOGLE_APPLICATION_CREDENTIALS_JSON, gcloud's application default credentials in the user's home, or the metadata server of a Compute Engine machine. An Azure store without sas_url uses Workload Identity, which needs AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE. The check looks at the environment the check is given (this process's, or --target-env-file) and never prints a value.",
    fix: "Set the variables in NativeLink's environment (the unit's Environment=/EnvironmentFile=, the pod spec), or mount the credentials file they name.",
    nativelink: [
      { message: "Authentication required and none found.", source: "nativelink-store/src/gcs_client/client.rs:139-163" },
      { message: "Failed to create Azure Workload Identity credential: {e}", source: "nativelink-store/src/azure_blob_store.rs:146-152" },
    ],
    catalog: ["gcs-auth-required-missing", "azure-workload-identity-missing"],
    examples: {
      bad: { config: GCS, onHost: true, env: {} },
      good: { config: GCS, onHost: true, env: { GOOGLE_APPLICATION_CREDENTIALS_JSON: "{}" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    const env = ctx.env;
    for (const c of t.plan.cloud) {
      // The field the plan points at: authentication_required for GCS, provider for Azure.
      const node = get(storeBody(c.spec, "experimental_cloud_object_store"), c.provider === "gcs" ? "authentication_required" : "provider");
      if (c.provider === "gcs") {
        const file = env.get("GOOGLE_APPLICATION_CREDENTIALS");
        const adc = t.home ? `${t.home}/.config/gcloud/application_default_credentials.json` : undefined;
        const ok = (file && t.existing.has(file)) || env.get("GOOGLE_APPLICATION_CREDENTIALS_JSON") || (adc && t.existing.has(adc)) || t.onGce;
        if (ok) continue;
        yield {
          at: c.at,
          node: node,
          message: `store "${c.name}" requires GCS authentication, but NativeLink would find no credentials: ${file ? "GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist" : "GOOGLE_APPLICATION_CREDENTIALS and GOOGLE_APPLICATION_CREDENTIALS_JSON are unset"}, ${t.user.name} has no gcloud application default credentials, and this is not a Compute Engine machine: NativeLink stops at startup`,
          nativelink: "Authentication required and none found.",
          hint: "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file in NativeLink's environment",
        };
      } else {
        const missing = AZURE_VARS.filter((v) => !env.get(v));
        const token = env.get("AZURE_FEDERATED_TOKEN_FILE");
        if (missing.length === 0 && token && t.existing.has(token)) continue;
        yield {
          at: c.at,
          node: node,
          message: `Azure store "${c.name}" has no sas_url, so it uses Workload Identity, but ${missing.length ? `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} unset` : "AZURE_FEDERATED_TOKEN_FILE names a file that does not exist"} in NativeLink's environment: NativeLink stops at startup`,
          hint: "run NativeLink with Azure Workload Identity set up (the pod's service account), or give sas_url",
        };
      }
    }
  },
);
