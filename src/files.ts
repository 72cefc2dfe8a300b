// The read-only view rules get of the files a config names. The engine fills it before rules run,
// reading each distinct path once per run; rules never touch the disk.
import type { FileRead, TlsFileFacts } from "./tls/index.ts";

export interface FileView {
  read: FileRead;
  /** Parsed contents, when the file was read (also for an empty file). */
  facts?: TlsFileFacts;
}

export interface FileFacts {
  /** Facts keyed by resolved absolute path; undefined when the path was not read (e.g. unknown value). */
  get(resolvedPath: string): FileView | undefined;
}

export const NO_FILES: FileFacts = { get: () => undefined };
