// With --on-host: an existing filesystem store cache must hold only what NativeLink can load (it panics on a name that is not UTF-8).
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { target } from "../src/host/report.ts";
import { LIMITS } from "../src/host/probe.ts";

const FS = `{ stores: [{ name: "CAS", filesystem: { content_path: "cas", temp_path: "tmp" } }], servers: [] }`;
const DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855-0";

/** A file name NativeLink's digest folder accepts: a sha256 in hex, a dash, a size that fits an i64. */
function isDigestName(name: string): boolean {
  const m = /^([0-9a-fA-F]{64})-(\d+)$/.exec(name);
  return m !== null && BigInt(m[2]!) <= 9223372036854775807n;
}

/** Rust's Debug of an OsString: valid UTF-8 runs escaped like a str, other bytes as \xNN. */
function osStringDebug(raw: Buffer): string {
  let out = '"';
  let i = 0;
  while (i < raw.length) {
    let j = i;
    while (j < raw.length) {
      const len = utf8Len(raw, j);
      if (len === 0) break;
      j += len;
    }
    if (j > i) out += JSON.stringify(raw.subarray(i, j).toString("utf8")).slice(1, -1);
    if (j < raw.length) {
      out += `\\x${raw[j]!.toString(16).toUpperCase().padStart(2, "0")}`;
      j++;
    }
    i = j;
  }
  return out + '"';
}

function utf8Len(b: Buffer, i: number): number {
  const c = b[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(i, i + n));
    return n;
  } catch {
    return 0;
  }
}

export default defineRule(
  {
    id: "host-store-cache-contents",
    category: "host",
    severity: "error",
    summary: "with --on-host, an existing filesystem store cache must hold only what NativeLink can load",
    why: "At startup a filesystem store lists content_path, content_path/d and content_path/s. A file name that is not UTF-8 in any of them panics NativeLink (into_string().unwrap()). Files directly in content_path are taken for an older layout and moved into d/; a name in d/ that is not `<sha256>-<size>` is logged and deleted; a file whose access time is later than the start is logged and treated as just used. The check reads at most a bounded number of entries per directory and says when it stopped early.",
    fix: "Remove or rename the files NativeLink cannot load (a non-UTF-8 name: find DIR -maxdepth 1 | LC_ALL=C grep -naxv '.*'), and keep other files out of the cache directories.",
    nativelink: [
      { message: 'called `Result::unwrap()` on an `Err` value: "<name>"', source: "nativelink-store/src/filesystem_store.rs:825-826" },
      { message: "Failed to add file to eviction cache", source: "nativelink-store/src/filesystem_store.rs:908-912" },
      { message: "File access time newer than FilesystemStore start time", source: "nativelink-store/src/filesystem_store.rs:776-783" },
    ],
    catalog: ["fs-non-utf8-filename-panic"],
    examples: {
      bad: { config: FS, files: { "cas/d/notes.txt": "not a blob\n" }, onHost: true },
      good: { config: FS, files: { [`cas/d/${DIGEST}`]: "" }, onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    const done = new Set<string>();
    for (const s of t.plan.fsStores) {
      const cache = t.caches.get(s.content.path + "\0" + s.temp.path);
      if (!cache || done.has(s.content.path)) continue;
      done.add(s.content.path);
      const { at, node } = s.content.str;
      const name = JSON.stringify(s.content.str.value);
      let truncated = false;
      const stray: string[] = [];
      const future: string[] = [];
      for (const { dir, sample } of cache.listings) {
        if ("error" in sample) continue;
        truncated ||= sample.truncated;
        const rel = dir === s.content.path ? "" : dir.slice(s.content.path.length + 1);
        const bad = sample.entries.find((e) => !e.utf8);
        if (bad?.raw) {
          yield {
            at,
            node,
            message: `content_path ${name}${rel ? `/${rel}` : ""} holds a file whose name is not UTF-8 (${osStringDebug(bad.raw)}): NativeLink panics at startup`,
            nativelink: `called \`Result::unwrap()\` on an \`Err\` value: ${osStringDebug(bad.raw)}`,
            hint: `rename or remove it: cd ${dir} && ls | LC_ALL=C grep -naxv '.*'`,
          };
          continue;
        }
        for (const e of sample.entries) {
          const layoutDir = rel === "" && (e.name === "s" || e.name === "d") && e.kind === "dir";
          if (layoutDir) continue;
          // Files at the top are moved into d/ (the old layout) and then judged as d/ entries.
          if ((rel === "" || rel === "d") && !isDigestName(e.name)) stray.push(rel ? `${rel}/${e.name}` : e.name);
          if (e.atimeMs !== undefined && e.atimeMs > t.nowMs + 1000) future.push(rel ? `${rel}/${e.name}` : e.name);
        }
      }
      if (stray.length > 0) {
        yield {
          at,
          node,
          severity: "warning",
          message: `content_path ${name} holds ${stray.length === 1 ? "a file" : `${stray.length} files`} NativeLink does not recognise (${stray.slice(0, 3).map((x) => JSON.stringify(x)).join(", ")}${stray.length > 3 ? ", …" : ""}): it deletes ${stray.length === 1 ? "it" : "them"} at startup, as the name is not <sha256>-<size>`,
          nativelink: "Failed to add file to eviction cache",
          hint: "move anything you need out of the cache directory before the restart",
        };
      }
      if (future.length > 0) {
        yield {
          at,
          node,
          severity: "warning",
          message: `content_path ${name} holds ${future.length} file${future.length === 1 ? "" : "s"} with an access time in the future (${JSON.stringify(future[0])}): NativeLink logs each at startup and treats ${future.length === 1 ? "it" : "them"} as just used, so eviction order is off`,
          nativelink: "File access time newer than FilesystemStore start time",
          hint: "check the host's clock (timedatectl), then touch -a the files",
        };
      }
      if (truncated) {
        yield { at, node, severity: "info", message: `content_path ${name} holds more than ${LIMITS.dirEntries} entries in a directory; only the first ${LIMITS.dirEntries} of each were checked` };
      }
    }
  },
);
