// A worker deletes its work_directory when it starts: it must not hold, or sit in, a filesystem store's directories.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { SpecRef, Str } from "../src/model.ts";
import { describeSpec, ownerStore, strAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";
import { resolve, sep } from "node:path";
import { groupBy, pushAll } from "../src/arrays.ts";
import { flat } from "../src/flat.ts";

const worker = (dir: string) =>
  `{ stores: [{ name: "WORKER_FAST_SLOW", fast_slow: { fast: { filesystem: { content_path: "/var/lib/nativelink/cas", temp_path: "/var/lib/nativelink/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "WORKER_FAST_SLOW", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "${dir}", platform_properties: {} } }] }`;

/** Matches an absolute POSIX path that path.resolve would change: an empty, `.` or `..` component, or a trailing slash. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|[\s\S]\/$/;

/**
 * path.resolve of the path; an absolute one already in its normal form is returned as it is, found
 * by one scan (resolving allocates for each component: a path of 200,000, named by hundreds of
 * stores through an env file, cost seconds of garbage). What path.resolve returns is made flat: it
 * joins the path a component at a time, and kept as those pieces (about 50 bytes a component) the
 * paths of 100 such stores held 500 MB until the run ran out of memory.
 */
export function resolved(p: string): string {
  return sep === "/" && p.startsWith("/") && !NOT_NORMAL.test(p) ? p : flat(resolve(p));
}

/** `a` is `b` or one of its ancestors, comparing resolved paths component-wise. */
function covers(a: string, b: string): boolean {
  return a === b || b.startsWith(a.endsWith("/") ? a : `${a}/`);
}

export default defineRule(
  {
    id: "worker-work-directory-store-path",
    category: "filesystem",
    severity: "error",
    summary: "a worker's work_directory must not be, contain or sit inside a filesystem store's content_path or temp_path",
    why: "NativeLink builds the stores first, and then each worker deletes its work_directory recursively (after resolving symlinks) and creates it again empty. When work_directory is a filesystem store's content_path or temp_path, or one of their parents, that deletes the cached blobs and the store's s/ and d/ folders, which the store creates only at startup: from then on every write to the store fails, and every restart deletes the cache again. A work_directory inside content_path is not destroyed, but the store takes every entry of content_path other than s and d for a file of its old layout and moves it into d at startup, so each restart leaves the previous run's action directories in the cache folder, outside the eviction accounting; inside s or d it is mixed with the cache entries themselves.",
    fix: "Give the worker its own directory beside the store's, e.g. content_path /var/lib/nativelink/cas, temp_path /var/lib/nativelink/tmp, work_directory /var/lib/nativelink/work (the same filesystem, so the worker can hardlink from the cache).",
    nativelink: [],
    examples: {
      bad: { config: worker("/var/lib/nativelink") },
      good: { config: worker("/var/lib/nativelink/work") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const stores: { spec: SpecRef; field: "content_path" | "temp_path"; str: Str; path: string }[] = [];
    for (const spec of model.allStoreSpecs) {
      const fs = storeBody(spec, "filesystem");
      if (!fs) continue;
      for (const field of ["content_path", "temp_path"] as const) {
        const str = strAt(ctx, get(fs, field));
        if (str && str.value !== "") stores.push({ spec, field, str, path: resolved(model.resolvePath(str.value)) });
      }
    }
    if (stores.length === 0) return;
    // The store paths by path and in sorted order: a worker's directory finds the paths it is, holds
    // or sits in without being compared with every store (workers x stores before: 6,000 workers each
    // with its own store took 7.9 s).
    const byPath = groupBy(stores.keys(), (i) => stores[i]!.path);
    const sorted = [...stores.keys()].sort((a, b) => (stores[a]!.path < stores[b]!.path ? -1 : stores[a]!.path > stores[b]!.path ? 1 : a - b));
    /** The stores (positions, in order) whose path is `dir`, under it, or a directory above it. */
    const near = (dir: string): number[] => {
      const out = [...(byPath.get(dir) ?? [])];
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (stores[sorted[mid]!]!.path < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < sorted.length && stores[sorted[k]!]!.path.startsWith(prefix); k++) out.push(sorted[k]!);
      for (let up = dir.lastIndexOf("/"); up > 0; up = dir.lastIndexOf("/", up - 1)) pushAll(out, byPath.get(dir.slice(0, up)) ?? []);
      return [...new Set(out)].sort((a, b) => a - b);
    };
    for (const w of model.workers) {
      const wd = w.workDirectory;
      // An empty work_directory is never deleted (canonicalize("") fails).
      if (!wd || wd.unknown || wd.value === "") continue;
      // Lexically normalised ("/a/b/" and "/a/./b" are "/a/b"); NativeLink also resolves symlinks, which a static check cannot.
      const dir = resolved(model.resolvePath(wd.value));
      const shown = JSON.stringify(wd.value) + (dir !== wd.value ? ` (${dir})` : "");
      const reported = new Set<SpecRef>();
      for (const i of near(dir)) {
        const s = stores[i]!;
        if (reported.has(s.spec)) continue;
        // The store's description is made only for a directory that meets it.
        const inside = s.field === "content_path" && dir.startsWith(`${s.path}/`);
        if (!inside && !covers(dir, s.path)) continue;
        const own = ownerStore(model, s.spec)?.name;
        const store = `filesystem ${describeSpec(model, s.spec)}${own !== undefined && own === w.casFastSlowStore?.value ? " (the worker's own cache)" : ""}`;
        const related = [{ node: s.str.node, message: `${s.field} of ${describeSpec(model, s.spec)}` }];
        let message: string | undefined;
        let severity: "error" | "warning" | undefined;
        if (covers(dir, s.path)) {
          const rel = dir === s.path ? "is" : "contains";
          message =
            s.field === "content_path"
              ? `work_directory ${shown} of worker "${w.name}" ${rel} the content_path of ${store}: the worker deletes work_directory recursively when it starts, and the cached blobs with it; then every write to the store fails until NativeLink restarts, and each restart deletes the cache again`
              : `work_directory ${shown} of worker "${w.name}" ${rel} the temp_path of ${store}: the worker deletes work_directory recursively when it starts, and the store's temp folders with it, so every write to the store fails`;
        } else if (inside) {
          const sub = dir.slice(s.path.length + 1).split("/")[0];
          if (sub === "s" || sub === "d") {
            message = `work_directory ${shown} of worker "${w.name}" is inside the ${sub}/ folder of the content_path of ${store}: the worker's action files are mixed with the cache entries, which the store indexes and evicts as blobs`;
          } else {
            severity = "warning";
            message = `work_directory ${shown} of worker "${w.name}" is inside the content_path of ${store}: at every start the store moves entries of content_path other than s and d into its d/ folder as old-layout cache files, so the previous run's action directories pile up in the cache folder`;
          }
        }
        if (!message) continue;
        reported.add(s.spec);
        yield { node: wd.node, message, severity, hint: "give the worker a work_directory of its own beside the store's directories, e.g. a sibling named work", related };
      }
    }
  },
);
