// With --on-host: a filesystem store's temp_path and content_path must be on one file system (NativeLink renames between them).
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { target } from "../src/host/report.ts";

const FS = (content: string, temp: string) => `{ stores: [{ name: "CAS", filesystem: { content_path: "${content}", temp_path: "${temp}" } }], servers: [] }`;

export default defineRule(
  {
    id: "host-store-same-filesystem",
    category: "host",
    severity: "error",
    summary: "with --on-host, a filesystem store's temp_path and content_path must be on the same file system",
    why: "A filesystem store writes each upload into temp_path and then renames it into content_path; evicting renames back. rename() cannot cross file systems (EXDEV), so with the two on different file systems (a tmpfs temp_path beside a disk content_path, or two volumes) NativeLink starts, and then every upload fails. The check compares the device of each path (or of its first existing parent).",
    fix: "Put temp_path beside content_path on the same volume, e.g. /var/lib/nativelink/tmp and /var/lib/nativelink/cas.",
    nativelink: [{ message: "Failed to rename file", source: "nativelink-store/src/filesystem_store.rs:1696-1708" }],
    examples: {
      bad: { config: FS("cas", "/dev/shm"), onHost: true },
      good: { config: FS("cache/cas", "cache/tmp"), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const s of t.plan.fsStores) {
      const c = t.paths.get(s.content.path)?.existing;
      const p = t.paths.get(s.temp.path)?.existing;
      if (!c || !p || c.stat.dev === p.stat.dev) continue;
      const where = (x: string) => t.paths.get(x)?.mount?.mountPoint;
      const cm = where(s.content.path);
      const tm = where(s.temp.path);
      yield {
        node: s.temp.str.node,
        message: `temp_path ${JSON.stringify(s.temp.str.value)} and content_path ${JSON.stringify(s.content.str.value)} are on different file systems: NativeLink starts, but every upload fails when it renames the file into content_path`,
        nativelink: "Failed to rename file",
        hint: `${cm && tm ? `temp_path is on ${tm}, content_path on ${cm}; ` : ""}put temp_path on the same file system as content_path (for example a sibling directory)`,
        related: [{ node: s.content.str.node, message: "content_path is here" }],
      };
    }
  },
);
