// The Azure blob store's sas_url, endpoint, or the endpoint derived from account_name must parse as a base URL.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import { describeSpec, parseRustUrl, strAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const SUFFIX = "blob.core.windows.net";

export default defineRule(
  {
    id: "azure-store-url-valid",
    category: "endpoint",
    severity: "error",
    summary: "an Azure object store's sas_url or endpoint must be an absolute URL",
    why: "AzureBlobStore parses sas_url when it is set, and otherwise `endpoint` (default https://{account_name}.blob.core.windows.net) to which it appends the container as a path segment, so the endpoint must also be a base URL (not e.g. mailto:x). NativeLink parses them with Rust's url crate; a failure stops it while it builds the store. An empty sas_url or endpoint counts as set and fails, and an account_name with spaces or other characters that cannot be in a host name breaks the derived endpoint.",
    fix: "Give sas_url as the full container URL with its SAS token (https://account.blob.core.windows.net/container?sv=...), or a full https:// endpoint, or a plain storage account name.",
    nativelink: [
      { message: "Invalid Azure sas_url: {url error}", source: "nativelink-store/src/azure_blob_store.rs:124" },
      { message: "Invalid Azure endpoint: {url error}", source: "nativelink-store/src/azure_blob_store.rs:134" },
      { message: "Azure endpoint is not a valid base URL: {endpoint}", source: "nativelink-store/src/azure_blob_store.rs:136" },
    ],
    catalog: ["azure-bad-sas-url", "azure-bad-endpoint"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "azure", account_name: "buildcache", container: "cas", endpoint: "buildcache.blob.core.windows.net" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "azure", account_name: "buildcache", container: "cas", endpoint: "https://buildcache.blob.core.windows.net" } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const cloud = storeBody(spec, "experimental_cloud_object_store");
      if (!cloud) continue;
      const provider = get(cloud, "provider");
      if (provider?.kind !== "string" || provider.value !== "azure") continue;
      const where = describeSpec(model, spec);
      const sasNode = get(cloud, "sas_url");
      if (sasNode && sasNode.kind !== "null") {
        // The SAS token is a credential; the report's redactor (src/report/redact.ts) hides its sig=.
        const sas = strAt(ctx, sasNode);
        if (!sas) continue;
        const r = parseRustUrl(sas.value);
        if (!r.ok) {
          yield {
            node: sas.node,
            message: `azure ${where} sas_url "${sas.value}" is not a URL: ${r.error}`,
            nativelink: `Invalid Azure sas_url: ${r.error}`,
            hint: "use the full container URL with its SAS token, e.g. https://account.blob.core.windows.net/container?sv=...",
          };
        }
        continue;
      }
      const endpointNode = get(cloud, "endpoint");
      const explicit = endpointNode && endpointNode.kind !== "null";
      let endpoint: string;
      let at: string;
      let node: DocNode;
      if (explicit) {
        const e = strAt(ctx, endpointNode);
        if (!e) continue;
        endpoint = e.value;
        at = e.at;
        node = e.node;
      } else {
        const accountNode = get(cloud, "account_name");
        const account = accountNode ? strAt(ctx, accountNode) : undefined;
        if (accountNode && !account) continue;
        endpoint = `https://${account?.value ?? ""}.${SUFFIX}`;
        at = account?.at ?? spec.bodyAt;
        node = account?.node ?? spec.body;
      }
      const r = parseRustUrl(endpoint);
      const shown = endpoint;
      if (!r.ok) {
        yield {
          at,
          node,
          message: explicit
            ? `azure ${where} endpoint "${shown}" is not a URL: ${r.error}`
            : `azure ${where} account_name makes the endpoint "${shown}", which is not a URL: ${r.error}`,
          nativelink: `Invalid Azure endpoint: ${r.error}`,
          hint: explicit ? "give a full URL, e.g. https://account.blob.core.windows.net" : "use the storage account's name, lower-case letters and digits only",
        };
      } else if (r.url.cannotBeABase) {
        yield {
          at,
          node,
          message: `azure ${where} endpoint "${shown}" cannot take the container as a path segment; it needs a scheme followed by //host`,
          nativelink: `Azure endpoint is not a valid base URL: ${shown}`,
          hint: "give a full URL, e.g. https://account.blob.core.windows.net",
        };
      }
    }
  },
);
