// The read-only view rules get of the files a config names. The engine fills it before rules run,
// reading each distinct path once; rules never touch the disk.

export interface FileFacts {
  /** Facts keyed by resolved absolute path; absent when the path was not read (e.g. unknown value). */
  get(resolvedPath: string): unknown;
}

export const NO_FILES: FileFacts = { get: () => undefined };
