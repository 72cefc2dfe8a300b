// With --on-host: the filesystem stores on one file system must fit in it (the sum of their max_bytes).
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { target } from "../src/host/report.ts";
import { groupBy } from "../src/arrays.ts";

const FS = (max: string) => `{ stores: [{ name: "CAS", filesystem: { content_path: "cas", temp_path: "tmp", eviction_policy: { max_bytes: "${max}" } } }], servers: [] }`;

function gib(n: number | bigint): string {
  const v = Number(n) / 1024 ** 3;
  return v >= 10 ? `${v.toFixed(0)} GiB` : `${v.toFixed(1)} GiB`;
}

export default defineRule(
  {
    id: "host-store-free-space",
    category: "host",
    severity: "warning",
    summary: "with --on-host, the max_bytes of the filesystem stores on one file system must fit in its free space",
    why: "A filesystem store evicts only when its contents pass eviction_policy.max_bytes. When the stores that share a file system may together grow past the space it has left (plus what their caches already hold), the disk fills first: uploads then fail with No space left on device, and everything else on that disk suffers too. The check sums max_bytes per file system (statfs) and compares with the free space plus the bytes the caches hold now.",
    fix: "Lower max_bytes so the stores of one file system fit with some margin, or give the caches a larger volume.",
    examples: {
      bad: { config: FS("1000000Ti"), onHost: true },
      good: { config: FS("1Mi"), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    const limited = t.plan.fsStores.filter((s) => s.maxBytes && t.paths.get(s.content.path)?.existing);
    const byDev = groupBy(limited, (s) => t.paths.get(s.content.path)!.existing!.stat.dev);
    for (const stores of byDev.values()) {
      const f = t.paths.get(stores[0]!.content.path)!;
      if (!f.space) continue;
      const want = stores.reduce((a, s) => a + s.maxBytes!.value, 0n);
      // What the caches hold now counts as room; when the sample did not size every file, only the whole file system does.
      let held = 0;
      let sized = true;
      for (const s of stores) {
        const cache = t.caches.get(s.content.path + "\0" + s.temp.path);
        for (const l of cache?.listings ?? []) {
          if ("error" in l.sample) continue;
          sized &&= !l.sample.truncated;
          for (const e of l.sample.entries) {
            if (e.kind !== "file") continue;
            sized &&= e.size !== undefined;
            held += e.size ?? 0;
          }
        }
      }
      const room = BigInt(Math.floor(sized ? f.space.free + held : f.space.total));
      if (want <= room) continue;
      const names = stores.map((s) => `"${s.name}"`).join(", ");
      yield {
        at: stores[0]!.maxBytes!.at,
        node: stores[0]!.maxBytes!.node,
        message: `max_bytes of ${stores.length === 1 ? "store" : "stores"} ${names} add up to ${gib(want)}, more than the file system holding content_path ${JSON.stringify(stores[0]!.content.str.value)} has room for: the disk fills before NativeLink evicts, and uploads fail`,
        hint: `${f.mount?.mountPoint ?? f.existing?.path} has ${gib(f.space.free)} free${held ? ` plus ${gib(held)} the caches hold now` : ""}; lower max_bytes, or move the cache to a larger volume`,
        related: stores.slice(1).map((s) => ({ at: s.maxBytes!.at, node: s.maxBytes!.node, message: "also on this file system" })),
      };
    }
  },
);
