// Typed reads: keys and variant names come from the generated types, so a misspelt one does not
// compile (`npm run typecheck` fails on the @ts-expect-error lines below if they start compiling).
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../src/load.ts";
import { field, variant } from "../src/typed.ts";

const root = parseConfigText(
  { file: "c", path: "c", comments: [] },
  Buffer.from('{ schedulers: [{ name: "S", simple: { experimental_backend: { redis: { redis_store: "R", redis_store: "R2" } } } }] }'),
).root!;

describe("field() and variant()", () => {
  it("read the value NativeLink reads, the later of two equal keys", () => {
    const entry = root.kind === "object" && root.members[0]!.value.kind === "array" ? root.members[0]!.value.items[0] : undefined;
    const simple = variant(entry, "SchedulerSpec", "simple");
    const redis = field(variant(field(simple, "SimpleSpec", "experimental_backend"), "ExperimentalSimpleSchedulerBackend", "redis"), "ExperimentalRedisSchedulerBackend", "redis_store");
    expect(redis?.kind === "string" && redis.value).toBe("R2");
  });

  it("refuse keys a struct does not have, at compile time", () => {
    // @ts-expect-error: CasStoreConfig has cas_store, not cas_stor
    expect(field(root, "CasStoreConfig", "cas_stor")).toBeUndefined();
    // @ts-expect-error: the backend variants are memory and redis
    expect(variant(root, "ExperimentalSimpleSchedulerBackend", "reddis")).toBeUndefined();
  });
});
