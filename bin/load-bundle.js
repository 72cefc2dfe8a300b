// Loads the bundled CLI (dist/cli.cjs) and, when there is one that fits, the V8 code cache that
// `scripts/warm-cache.mjs` recorded for it at install time.
//
// Compiling the ~1 MB bundle is the largest single cost of a start on Node 20, which has no built-in module
// compile cache (Node 22.1's NODE_COMPILE_CACHE). node:vm accepts V8's cached data for a script, so
// the CLI is a single CommonJS file evaluated here. This module only ever reads: a cache that is
// missing, made for another bundle, Node version or architecture, or damaged is ignored, and V8 itself
// refuses data from another V8 version or flag set. Either way the CLI still runs, just compiled anew.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { crc32 } from "node:zlib";

export const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
export const CACHE_NAME = "cli.cjs.cache";
const CACHE_FORMAT = 1;
/** Far above any real cache (~1.2 MB); anything bigger is not one of ours. */
const CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The header line of a cache file: the bundle it was made from (its first line, plus a checksum of all
 * of it, because V8 itself only compares the source's length), the Node that made it, and a checksum
 * of the data after the header.
 */
export function cacheHeader(bundle, data) {
  return JSON.stringify({ format: CACHE_FORMAT, ...bundle, node: process.version, arch: process.arch, length: data.length, crc32: crc32(data) }) + "\n";
}

/** The cached data for `bundle` ({ bundle, source }) from `bytes` (a cache file), or why there is none. */
export function parseCache(bytes, bundle) {
  const nl = bytes.indexOf(10);
  if (nl < 0 || nl > 4096) return { status: "damaged" };
  let h;
  try {
    h = JSON.parse(bytes.subarray(0, nl).toString("utf8"));
  } catch {
    return { status: "damaged" };
  }
  if (h?.format !== CACHE_FORMAT || h.bundle !== bundle.bundle || h.source !== bundle.source) return { status: "stale" };
  if (h.node !== process.version || h.arch !== process.arch) return { status: "other-node" };
  const data = bytes.subarray(nl + 1);
  if (data.length !== h.length || crc32(data) !== h.crc32) return { status: "damaged" };
  return { status: "found", data };
}

/**
 * Evaluates dist/cli.cjs and returns its exports, the vm.Script (the warm-up asks it for its cache)
 * and what became of the code cache: "accepted", "rejected" (by V8), "absent", "stale", "other-node",
 * "damaged" or "off" (useCache false, or NATIVELINK_PREFLIGHT_NO_CODE_CACHE set).
 */
export function loadCli({ dist = DIST, useCache = !process.env.NATIVELINK_PREFLIGHT_NO_CODE_CACHE } = {}) {
  const file = join(dist, "cli.cjs");
  const bytes = readFileSync(file);
  const source = bytes.toString("utf8");
  const bundle = { bundle: source.slice(0, source.indexOf("\n")), source: crc32(bytes) };
  let cache = { status: "off" };
  if (useCache) {
    const path = join(dist, CACHE_NAME);
    let cached;
    try {
      // Only a regular file of sane size: a FIFO or device in its place must not block the CLI.
      const st = statSync(path);
      if (st.isFile() && st.size <= CACHE_MAX_BYTES) cached = readFileSync(path);
      else cache = { status: "damaged" };
    } catch {
      cache = { status: "absent" };
    }
    if (cached) cache = parseCache(cached, bundle);
  }
  // Same line as the bundle's first, so positions in stack traces stay right. Strict, as the ES
  // modules it was bundled from were.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __nlpModuleUrl) {"use strict";${source}\n})`, {
    filename: file,
    cachedData: cache.data,
  });
  const status = cache.data ? (script.cachedDataRejected ? "rejected" : "accepted") : cache.status;
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist, pathToFileURL(file).href);
  return { exports: mod.exports, script, bundle, cache: status };
}
