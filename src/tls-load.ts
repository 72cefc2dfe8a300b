// Reads the TLS files a config names, once per distinct path per run, into facts for the rules.
// Imported lazily: runs on configs without TLS settings never load the TLS layer.
import type { ConfigModel } from "./model.ts";
import type { FileFacts, FileView } from "./files.ts";
import { DEFAULT_MAX_BYTES, analyzeTlsBytes, readTlsFile, type FileRead } from "./tls/index.ts";

export function loadTlsFiles(model: ConfigModel, cache: Map<string, FileView>): FileFacts {
  for (const ref of model.tlsFiles) {
    if (ref.str.unknown) continue;
    const path = model.resolvePath(ref.str.value);
    const seen = cache.get(path);
    if (seen) {
      // Read earlier as a data file: the bytes are there, the TLS facts may not be.
      if (!seen.facts && seen.read.bytes && seen.read.bytes.length <= DEFAULT_MAX_BYTES) seen.facts = analyzeTlsBytes(seen.read.bytes);
      continue;
    }
    const read: FileRead =
      path === ""
        ? { path, ok: false, error: { code: "ENOENT", message: "the path is empty", rust: "No such file or directory (os error 2)" } }
        : readTlsFile(path);
    const view: FileView = { read };
    if (read.bytes) view.facts = analyzeTlsBytes(read.bytes);
    cache.set(path, view);
  }
  return { get: (p) => cache.get(p) };
}
