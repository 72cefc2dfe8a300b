// The read-only view rules get of the files a config names. The engine fills it before rules run,
// reading each distinct path once per run; rules never touch the disk.
import type { FileRead, TlsFileFacts } from "./tls/index.ts";
import type { ConfigModel } from "./model.ts";
import { readTlsFile } from "./tls/read.ts";

export interface FileView {
  read: FileRead;
  /** Parsed contents, when the file was read (also for an empty file). */
  facts?: TlsFileFacts;
  /** The contents as JSON, for the data files NativeLink parses with serde_json (hints, cache index). */
  json?: JsonFacts;
}

/** What `fs::read_to_string` and `serde_json::from_str` see in a file's bytes. */
export type JsonFacts =
  /** read_to_string fails: the bytes are not UTF-8. */
  | { kind: "not-utf8" }
  /** The text is not JSON at all (serde_json fails before looking at the shape). */
  | { kind: "syntax"; error: string; blank: boolean }
  | { kind: "value"; value: unknown };

export interface FileFacts {
  /** Facts keyed by resolved absolute path; undefined when the path was not read (e.g. unknown value). */
  get(resolvedPath: string): FileView | undefined;
}

export const NO_FILES: FileFacts = { get: () => undefined };

/** Data files may be larger than TLS files (a cache index lists every digest); past this they are not checked. */
export const DATA_MAX_BYTES = 16 * 1024 * 1024;

/** Reads the JSON data files a config names (hints_file, index_path), once per distinct path per run. */
export function loadDataFiles(model: ConfigModel, cache: Map<string, FileView>): FileFacts {
  for (const ref of model.dataFiles) {
    if (ref.str.unknown || ref.str.value === "") continue;
    const path = model.resolvePath(ref.str.value);
    let view = cache.get(path);
    if (!view) {
      view = { read: readTlsFile(path, { maxBytes: DATA_MAX_BYTES }) };
      cache.set(path, view);
    }
    if (!view.json && view.read.bytes && view.read.error?.code !== "TOO_LARGE") view.json = jsonFacts(view.read.bytes);
  }
  return { get: (p) => cache.get(p) };
}

/** Decodes as read_to_string does (strict UTF-8, a BOM kept as a character) and parses as JSON. */
export function jsonFacts(bytes: Uint8Array): JsonFacts {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { kind: "not-utf8" };
  }
  try {
    return { kind: "value", value: JSON.parse(text) as unknown };
  } catch (e) {
    return { kind: "syntax", error: (e as Error).message, blank: text.trim() === "" };
  }
}
