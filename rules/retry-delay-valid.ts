// A retry block's delay and jitter must give non-negative, finite backoff durations.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { SpecRef } from "../src/model.ts";
import { ownerEntry } from "../src/model.ts";
import { describeSpec } from "../src/facts/stores.ts";
import type { Typed } from "../src/typed.ts";
import type { DocNode } from "../src/doc.ts";
import { get, schedulerBody, storeBody } from "../src/typed.ts";
import type { Retry } from "../src/generated/nativelink-types.ts";

const NEGATIVE = "cannot convert float seconds to Duration: value is negative";
const OVERFLOW = "cannot convert float seconds to Duration: value is either too big or NaN";
const TWO_POW_64 = 2 ** 64;

/** The retry blocks whose delay and jitter NativeLink's Retrier uses (redis_store only reads max_retries). */
function retryBlocks(spec: SpecRef): Typed<Retry> | undefined {
  // A spec has one kind: at most one of these bodies is there.
  return (
    get(storeBody(spec, "grpc"), "retry") ??
    get(storeBody(spec, "experimental_cloud_object_store"), "retry") ??
    get(get(storeBody(spec, "ontap_s3_existence_cache"), "backend"), "retry")
  );
}

/** A float field of Retry, as the f32 serde makes of it; positional arrays hold [max_retries, delay, jitter, ...]. */
function floatAt(retry: Typed<Retry>, key: "delay" | "jitter"): { value: number; at: string; node: DocNode; text: string } | undefined {
  const node = retry.kind === "array" ? retry.items[key === "delay" ? 1 : 2] : get(retry, key);
  if (node?.kind !== "number") return undefined;
  return { value: Math.fround(node.value), at: node.pointer, node, text: node.text };
}

export default defineRule(
  {
    id: "retry-delay-valid",
    category: "reference",
    severity: "error",
    summary: "a retry delay must be a non-negative number of seconds, and jitter must stay within ±2",
    why: "retry.delay and retry.jitter are f32 fields that accept any number, NaN and infinities included. NativeLink's Retrier turns the delay into a Duration with Duration::from_secs_f32 when a grpc store, grpc scheduler or cloud object store makes its first request, which panics for a negative delay, NaN, or one of 2^64 seconds or more. Each backoff is then scaled by 1 + jitter × (random − 0.5), which goes negative, and panics, for some draws when |jitter| > 2 and the delay is positive, and always for a NaN jitter. (redis_store reads only max_retries from its retry block.)",
    fix: "Use a delay of 0 or more seconds (e.g. 0.1) and a jitter between 0 and 1 (e.g. 0.5).",
    nativelink: [
      { message: NEGATIVE, source: "core::time::Duration::from_secs_f32 via nativelink-util/src/retry.rs:132" },
      { message: OVERFLOW, source: "core::time::Duration::from_secs_f32 via nativelink-util/src/retry.rs:132, nativelink-config/src/stores.rs:2018" },
    ],
    catalog: ["retry-delay-negative-panic"],
    examples: {
      bad: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", retry: { max_retries: 3, delay: -0.5 } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", retry: { max_retries: 3, delay: 0.5, jitter: 0.5 } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const blocks: { retry: Typed<Retry>; where: string }[] = [];
    for (const spec of model.allStoreSpecs) {
      const retry = retryBlocks(spec);
      const provider = get(storeBody(spec, "experimental_cloud_object_store"), "provider");
      const kind = provider?.kind === "string" ? provider.value : spec.kind;
      if (retry) blocks.push({ retry, where: `${kind} ${describeSpec(model, spec)}` });
    }
    for (const spec of model.allSchedulerSpecs) {
      const retry = get(schedulerBody(spec, "grpc"), "retry");
      const name = ownerEntry(model, spec)?.name?.value;
      if (retry) blocks.push({ retry, where: `grpc scheduler ${spec.path.length > 1 ? `${spec.path.join(".")} in ` : ""}"${name ?? ""}"` });
    }
    for (const { retry, where } of blocks) {
      const delay = floatAt(retry, "delay");
      if (delay && (delay.value < 0 || Number.isNaN(delay.value) || delay.value >= TWO_POW_64)) {
        const negative = delay.value < 0;
        yield {
          node: delay.node,
          message: `${where} has retry.delay ${delay.text}, which ${negative ? "is negative" : Number.isNaN(delay.value) ? "is not a number" : "is too large for a Duration"}; NativeLink panics on the first request`,
          nativelink: negative ? NEGATIVE : OVERFLOW,
          hint: "use a delay in seconds of 0 or more, e.g. 0.1",
        };
        continue;
      }
      const jitter = floatAt(retry, "jitter");
      if (!jitter) continue;
      const delayPositive = (delay?.value ?? 0) > 0;
      if (Number.isNaN(jitter.value) || (Math.abs(jitter.value) > 2 && delayPositive)) {
        const nan = Number.isNaN(jitter.value);
        yield {
          node: jitter.node,
          message: nan
            ? `${where} has retry.jitter ${jitter.text}, which is not a number; NativeLink panics on the first retry`
            : `${where} has retry.jitter ${jitter.text}, which can scale a backoff below zero; NativeLink panics on such a retry`,
          nativelink: nan ? OVERFLOW : NEGATIVE,
          hint: "use a jitter between 0 and 1, e.g. 0.5",
        };
      }
    }
  },
);
