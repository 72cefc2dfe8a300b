// Where zstd wire compression is set on grpc stores but has no effect, or is switched off against the rest of the config.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { boolAt, describeSpec, unitAt } from "../src/facts/stores.ts";
import { get, serviceBody, storeBody } from "../src/typed.ts";

const DOCS = "https://docs.nativelink.com/configuration/compression";
const ON_AC = `'experimental_remote_cache_compression' is enabled on a non-CAS gRPC store, where it has no effect: REAPI zstd wire compression only applies to CAS blob transfers. Enable it on the CAS gRPC stores or a capabilities instance instead. See ${DOCS}`;
const OPT_OUT = `Zstd wire compression is enabled elsewhere, but this eligible CAS gRPC store explicitly disables it. Unless this upstream cannot use zstd, enable 'experimental_remote_cache_compression' for substantially faster transfers of compressible artifacts. See ${DOCS}`;

export default defineRule(
  {
    id: "grpc-store-zstd-compression",
    category: "value",
    severity: "warning",
    summary: "zstd wire compression set on an AC grpc store, or switched off on one CAS grpc store while enabled elsewhere",
    why: "After parsing, NativeLink looks for zstd wire compression anywhere in the config (a capabilities entry with remote_cache_compression: true, or a CAS grpc store with experimental_remote_cache_compression: true). If it is on, every CAS grpc store that leaves the field out is switched on too, and one that sets it to false is left off with a warning. On a grpc store with store_type \"ac\" the setting does nothing, since only CAS blob transfers are compressed, and NativeLink warns about that too.",
    fix: "Remove experimental_remote_cache_compression from AC grpc stores. On a CAS grpc store, drop an explicit false (so it follows the rest of the config) unless that upstream cannot speak zstd.",
    nativelink: [
      { message: ON_AC, source: "nativelink-config/src/cas_server.rs:1292" },
      { message: OPT_OUT, source: "nativelink-config/src/cas_server.rs:1307" },
    ],
    catalog: ["zstd-on-non-cas-grpc", "zstd-opt-out-while-enabled"],
    examples: {
      bad: { config: '{ stores: [{ name: "AC", grpc: { endpoints: [{ address: "grpc://cache.internal:50051" }], store_type: "ac", experimental_remote_cache_compression: true } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", grpc: { endpoints: [{ address: "grpc://cache.internal:50051" }], store_type: "cas", experimental_remote_cache_compression: true } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const grpcs = model.allStoreSpecs.flatMap((spec) => {
      const grpc = storeBody(spec, "grpc");
      return grpc ? [{ spec, type: unitAt(ctx, get(grpc, "store_type")), zstd: boolAt(ctx, get(grpc, "experimental_remote_cache_compression")) }] : [];
    });
    const fromCapabilities = model.servers.flatMap((srv) =>
      (srv.services ?? []).flatMap((s) => {
        const capabilities = serviceBody(s, "capabilities");
        return capabilities ? [boolAt(ctx, get(capabilities, "remote_cache_compression"))] : [];
      }),
    );
    const enabler =
      fromCapabilities.find((b) => b?.value === true) ?? grpcs.find((g) => g.type === "cas" && g.zstd?.value === true)?.zstd;
    for (const g of grpcs) {
      if (!g.zstd || g.type === undefined) continue;
      const where = describeSpec(model, g.spec);
      if (g.type !== "cas") {
        if (g.zstd.value) {
          yield {
            at: g.zstd.at,
            node: g.zstd.node,
            message: `grpc ${where} is an AC store, where experimental_remote_cache_compression has no effect; only CAS blob transfers are compressed`,
            nativelink: ON_AC,
            hint: "remove the setting here, and enable it on the CAS grpc stores or a capabilities entry instead",
          };
        }
        continue;
      }
      if (enabler && !g.zstd.value) {
        yield {
          at: g.zstd.at,
          node: g.zstd.node,
          message: `grpc ${where} turns zstd wire compression off while the rest of the config turns it on; CAS grpc stores that leave the setting out are switched on`,
          nativelink: OPT_OUT,
          hint: "remove `experimental_remote_cache_compression: false` unless this upstream cannot use zstd",
          related: [{ at: enabler.at, node: enabler.node, message: "zstd wire compression enabled here" }],
        };
      }
    }
  },
);
