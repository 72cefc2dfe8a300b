// R2 and OCI stores use explicit keys only when both halves are given; one alone is silently dropped.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

export default defineRule(
  {
    id: "cloud-store-credentials-paired",
    category: "security",
    severity: "warning",
    summary: "an r2 or oci object store sets only one of access_key_id and secret_access_key",
    why: "The R2 and OCI stores build static credentials only when access_key_id and secret_access_key are both set. With one of them, NativeLink says nothing and falls back to the default AWS credential chain (environment, profile files, instance metadata), so the store may run with other credentials than intended, or with none.",
    fix: "Set both access_key_id and secret_access_key (e.g. from ${VAR}s), or neither to use the default credential chain on purpose.",
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "r2", account_id: "0123abcd", bucket: "cas", access_key_id: "${R2_KEY_ID}" } }], servers: [] }', env: { R2_KEY_ID: "key" } },
      good: { config: '{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "r2", account_id: "0123abcd", bucket: "cas", access_key_id: "${R2_KEY_ID}", secret_access_key: "${R2_SECRET}" } }], servers: [] }', env: { R2_KEY_ID: "key", R2_SECRET: "secret" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const cloud = storeBody(spec, "experimental_cloud_object_store");
      if (!cloud) continue;
      const provider = get(cloud, "provider");
      if (provider?.kind !== "string" || (provider.value !== "r2" && provider.value !== "oci")) continue;
      // Option<String>: null is None, any string (even "") is Some. Values are never printed.
      const isSet = (k: "access_key_id" | "secret_access_key") => {
        const n = get(cloud, k);
        return n !== undefined && n.kind !== "null";
      };
      const id = isSet("access_key_id");
      const secret = isSet("secret_access_key");
      if (id === secret) continue;
      // The other one written under a misspelt key is that key's finding.
      if (fieldWrittenElsewhere(ctx, cloud, id ? "secret_access_key" : "access_key_id")) continue;
      const [have, missing] = id ? (["access_key_id", "secret_access_key"] as const) : (["secret_access_key", "access_key_id"] as const);
      yield {
        at: spec.bodyAt,
        node: spec.body,
        message: `${provider.value} ${describeSpec(model, spec)} sets ${have} without ${missing}; NativeLink ignores it and uses the default AWS credential chain`,
        hint: `add ${missing}, or remove ${have} to use the default credential chain on purpose`,
        related: [{ at: `${spec.bodyAt}/${have}`, node: get(cloud, have), message: `${have} set here` }],
      };
    }
  },
);
