// An existence_cache registers a removal callback on its backend, which a gRPC store refuses.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import type { SpecRef } from "../src/model.ts";
import { get, storeBody } from "../src/typed.ts";
import { describeSpec, ownerStore, topLevelByName } from "../src/facts/stores.ts";

const NATIVELINK_ERROR = "gRPC stores are incompatible with removal callbacks";
const NATIVELINK_PANIC = `Register remove callback should work: Error { code: Internal, messages: ["${NATIVELINK_ERROR}"] }`;

/** A grpc store that a removal callback registered on `spec` reaches, and the ref_store names crossed on the way. */
interface Reach {
  grpc: SpecRef;
  refs: { name: string; at: string; node: DocNode }[];
}

/**
 * Every wrapper with nested stores (cache_metrics, verify, compression, dedup, existence_cache,
 * completeness_checking, fast_slow, shard, size_partitioning) forwards register_remove_callback to all
 * of them; ref_store forwards to the store it names once post_init resolves it. Leaves other than grpc
 * accept or ignore the callback.
 *
 * The grpc store a callback registered on `backend` reaches first, in the order the stores hold each
 * other (depth first), with the ref_store names crossed to get there: one reached without a ref_store
 * (the panic) when there is one, else the first of all. A name is not followed again on its own path
 * (`own`, the existence_cache's store, is on every path). The walk is iterative, and a named store
 * from which nothing is reached, whatever path led there, is not walked twice: a chain of thousands of
 * ref_stores overflowed the stack, and stores sharing a backend were walked once per path to them
 * (twice as long for each level of a diamond).
 */
export function firstGrpc(backend: SpecRef, byName: Map<string, SpecRef>, own: string | undefined): Reach | undefined {
  // Without crossing a ref_store.
  const inline: SpecRef[] = [backend];
  while (inline.length > 0) {
    const spec = inline.pop()!;
    if (spec.kind === "grpc") return { grpc: spec, refs: [] };
    if (spec.kind !== "ref_store") for (let i = spec.children.length - 1; i >= 0; i--) inline.push(spec.children[i]!);
  }
  // Through ref_stores. `path` holds the names crossed; a name's depth is its place on the path, with
  // `own` at 0 and the first name crossed at 1.
  const path: Reach["refs"] = [];
  const depthOf = new Map<string, number>(own === undefined ? [] : [[own, 0]]);
  /** Names from which no grpc store is reached, on any path. */
  const dead = new Set<string>();
  /** For each name on the path, the shallowest depth of a name on the path that turned the walk below it back. */
  const turnedBack: number[] = [];
  const noteTurnedBack = (depth: number) => {
    const last = turnedBack.length - 1;
    if (last >= 0) turnedBack[last] = Math.min(turnedBack[last]!, depth);
  };
  type Step = { spec: SpecRef } | { leave: string };
  const steps: Step[] = [{ spec: backend }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ("leave" in step) {
      // Nothing was reached below this name. Unless a name above it turned the walk back, nothing ever will be.
      const back = turnedBack.pop()!;
      if (back >= path.length) dead.add(step.leave);
      noteTurnedBack(back);
      path.pop();
      depthOf.delete(step.leave);
      continue;
    }
    const spec = step.spec;
    if (spec.kind === "grpc") return { grpc: spec, refs: [...path] };
    if (spec.kind !== "ref_store") {
      for (let i = spec.children.length - 1; i >= 0; i--) steps.push({ spec: spec.children[i]! });
      continue;
    }
    const nameNode = get(storeBody(spec, "ref_store"), "name");
    const name = nameNode?.kind === "string" ? nameNode.value : undefined;
    const target = name === undefined ? undefined : byName.get(name);
    if (!target || name === undefined || dead.has(name)) continue;
    const onPath = depthOf.get(name);
    if (onPath !== undefined) {
      noteTurnedBack(onPath);
      continue;
    }
    path.push({ name, at: nameNode!.pointer, node: nameNode! });
    depthOf.set(name, path.length);
    turnedBack.push(Infinity);
    steps.push({ leave: name }, { spec: target });
  }
  return undefined;
}

export default defineRule(
  {
    id: "existence-cache-backend-not-grpc",
    category: "reference",
    severity: "error",
    summary: "an existence_cache store must not wrap a grpc store, directly or through other stores",
    why: "ExistenceCacheStore registers a removal callback on its backend when it is built, and every wrapping store passes that callback down to all the stores it holds. A grpc store refuses removal callbacks. Reached without a ref_store, the refusal hits an `.expect()` and NativeLink panics (exit code 101) while building the store; reached through a ref_store, the callback is forwarded when the reference is resolved and NativeLink stops with the same error.",
    fix: "Put the existence_cache in front of a store that keeps its own data (memory, filesystem, a cloud object store) or drop it: the upstream gRPC server already answers existence checks.",
    nativelink: [
      { message: NATIVELINK_PANIC, source: "nativelink-store/src/existence_cache_store.rs:127" },
      { message: NATIVELINK_ERROR, source: "nativelink-store/src/grpc_store.rs:1951 via nativelink-store/src/ref_store.rs:101" },
    ],
    catalog: ["existence-cache-over-grpc-panic", "remove-callback-grpc-via-ref"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", existence_cache: { backend: { grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", existence_cache: { backend: { filesystem: { content_path: "/var/cache/nativelink/cas", temp_path: "/var/cache/nativelink/tmp" } } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const byName = topLevelByName(model);
    for (const spec of model.allStoreSpecs) {
      if (spec.kind !== "existence_cache") continue;
      const backend = spec.children[0];
      if (!backend) continue;
      const own = ownerStore(model, spec)?.name;
      const first = firstGrpc(backend, byName, own);
      if (!first) continue;
      // A grpc store reached without a ref_store panics while the existence_cache is built, before any ref is resolved.
      const direct = first.refs.length === 0;
      const where = describeSpec(model, spec);
      const via = first.refs.length ? ` through ref_store ${first.refs.map((r) => `"${r.name}"`).join(" → ")}` : "";
      const sameStore = first.refs.length === 0;
      const grpcWhere = sameStore ? first.grpc.path.join(".") : describeSpec(model, first.grpc).replace(/^store /, "");
      yield {
        node: backend.node,
        message: `existence_cache ${where} wraps grpc store ${grpcWhere}${via}, and gRPC stores refuse the removal callback it registers` + (direct ? "; NativeLink panics" : ""),
        nativelink: direct ? NATIVELINK_PANIC : NATIVELINK_ERROR,
        severity: "error",
        hint: "use a store that holds its own data as the backend, or remove the existence_cache in front of the gRPC upstream",
        related: [
          ...first.refs.map((r) => ({ at: r.at, node: r.node, message: `ref_store "${r.name}" forwards the callback` })),
          { node: first.grpc.node, message: "the grpc store that refuses it" },
        ],
      };
    }
  },
);
