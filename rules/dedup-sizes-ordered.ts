// Dedup chunk sizes must satisfy min_size < normal_size < max_size once defaults fill the zeros.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const DEFAULTS = { min_size: 64n * 1024n, normal_size: 256n * 1024n, max_size: 512n * 1024n } as const;
type Key = keyof typeof DEFAULTS;

export default defineRule(
  {
    id: "dedup-sizes-ordered",
    category: "reference",
    severity: "error",
    summary: "dedup min_size, normal_size and max_size must be strictly increasing",
    why: "DedupStore replaces each size left at 0 with its default (min 64 KiB, normal 256 KiB, max 512 KiB) and hands the three to FastCDC::new, which asserts min < normal < max. Setting one size alone can break the order with a default, e.g. min_size: \"1MiB\" against the 256 KiB normal size; the assertion makes NativeLink panic (exit code 101) while building the store.",
    fix: "Choose sizes with min_size < normal_size < max_size, setting the others explicitly when one moves past a default.",
    nativelink: [{ message: "Expected {min_size} < {normal_size} / Expected {normal_size} < {max_size}", source: "nativelink-util/src/fastcdc.rs:57" }],
    catalog: ["dedup-size-order-panic"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", dedup: { index_store: { memory: {} }, content_store: { memory: {} }, min_size: "1MiB" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", dedup: { index_store: { memory: {} }, content_store: { memory: {} }, min_size: "1MiB", normal_size: "2MiB", max_size: "4MiB" } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const dedup = storeBody(spec, "dedup");
      if (!dedup) continue;
      const read = (k: Key) => {
        const f = intAt(ctx, get(dedup, k));
        if (!f || f.state === "none") return undefined;
        const set = f.state === "value" && f.value !== 0n;
        return { key: k, value: set ? f.value : DEFAULTS[k], set, at: f.state === "value" ? f.at : `${spec.bodyAt}/${k}`, node: f.state === "value" ? f.node : dedup };
      };
      const min = read("min_size");
      const normal = read("normal_size");
      const max = read("max_size");
      if (!min || !normal || !max) continue;
      // FastCDC::new checks min < normal first, then normal < max; only the first failure is reached.
      const pair = min.value >= normal.value ? ([min, normal] as const) : normal.value >= max.value ? ([normal, max] as const) : undefined;
      if (!pair) continue;
      const [lo, hi] = pair;
      // Point at the size the author set; when both are set, at the first of the pair.
      const blame = lo.set ? lo : hi;
      const other = blame === lo ? hi : lo;
      const show = (x: typeof lo) => `${x.key} ${x.value}${x.set ? "" : " (default)"}`;
      yield {
        at: blame.at,
        node: blame.node,
        message: `dedup ${describeSpec(model, spec)}: ${show(lo)} is not below ${show(hi)}; NativeLink panics building the chunker`,
        nativelink: `Expected ${lo.value} < ${hi.value}`,
        hint: `choose sizes (in bytes) with min_size < normal_size < max_size` + (other.set ? "" : `; ${other.key} is at its default of ${other.value}, so set it too`),
      };
    }
  },
);
