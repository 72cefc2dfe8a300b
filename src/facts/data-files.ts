// What NativeLink's serde_json types make of the JSON data files a config names: the historical
// scheduler's hints file and the ONTAP existence cache's index. Pure: the engine read and parsed the
// files (src/files.ts); these only judge the parsed values.
import type { RuleContext } from "../context.ts";
import type { FileView } from "../files.ts";
import type { DataFileRef, DataFileRole } from "../model.ts";

export interface DataFile {
  ref: DataFileRef;
  /** Resolved absolute path. */
  path: string;
  view: FileView;
}

/** The data files of this role the engine read, in document order (unset variables and empty paths skipped). */
export function dataFiles(ctx: RuleContext, role: DataFileRole): DataFile[] {
  const model = ctx.model;
  if (!model) return [];
  const out: DataFile[] = [];
  for (const ref of model.dataFiles) {
    if (ref.role !== role || ref.str.unknown || ref.str.value === "") continue;
    const path = model.resolvePath(ref.str.value);
    const view = ctx.files.get(path);
    if (view) out.push({ ref, path, view });
  }
  return out;
}

const U64_MAX = 18446744073709551615;

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return `the boolean ${v}`;
  return `a ${typeof v}`; // JSON has no other kinds of value
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** serde's u64 from JSON: a non-negative integer (JSON.parse cannot tell 1.0 from 1; both pass here). */
function isU64(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= U64_MAX;
}

// ---- historical_resource_scheduler.rs: HistoricalResourceHintFile -------------------------------

const HINT_FIELDS: readonly [string, "string" | "u64"][] = [
  ["target_id", "string"],
  ["action_mnemonic", "string"],
  ["cpu_count", "u64"],
  ["memory_kb", "u64"],
  ["memory_mib", "u64"],
];

/** Why one HistoricalResourceHint does not deserialize (every field optional, unknown keys ignored; serde also takes a list in field order). */
function hintProblem(h: unknown): string | undefined {
  const check = (name: string, want: "string" | "u64", v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (want === "string" ? typeof v === "string" : isU64(v)) return undefined;
    return `${name} is ${kindOf(v)}, not ${want === "string" ? "a string" : "a non-negative integer"}`;
  };
  if (isObject(h)) {
    for (const [name, want] of HINT_FIELDS) {
      const p = check(name, want, h[name]);
      if (p) return p;
    }
    return undefined;
  }
  if (Array.isArray(h)) {
    if (h.length > HINT_FIELDS.length) return `a list of ${h.length} values, more than the ${HINT_FIELDS.length} fields of a hint`;
    for (let i = 0; i < h.length; i++) {
      const p = check(HINT_FIELDS[i]![0], HINT_FIELDS[i]![1], h[i]);
      if (p) return p;
    }
    return undefined;
  }
  return `${kindOf(h)}, not an object`;
}

function hintListProblem(list: unknown[], where: string): string | undefined {
  for (let i = 0; i < list.length; i++) {
    const p = hintProblem(list[i]);
    if (p) return `${where}item ${i + 1}: ${p}`;
  }
  return undefined;
}

/**
 * Why the parsed hints file is not a `HistoricalResourceHintFile` (untagged: a list of hints, or an
 * object whose `hints` is one), or undefined when it is.
 */
export function hintsFileProblem(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    const asList = hintListProblem(v, "");
    if (!asList) return undefined;
    // The Object variant written as a list of its one field: [[...hints]].
    if (v.length === 1 && Array.isArray(v[0]) && !hintListProblem(v[0], "")) return undefined;
    return asList;
  }
  if (isObject(v)) {
    if (!("hints" in v)) return 'it is an object without a "hints" list';
    const hints = v.hints;
    if (!Array.isArray(hints)) return `its "hints" is ${kindOf(hints)}, not a list`;
    return hintListProblem(hints, '"hints" ');
  }
  return `it is ${kindOf(v)}, not a list of hints or an object with a "hints" list`;
}

// ---- ontap_s3_existence_cache_store.rs: CacheFile { digests: HashSet<DigestInfo>, timestamp: u64 } ----

/** Why a string is not a DigestInfo as nativelink-util's deserializer reads it ("{64 hex}-{size}"). */
function digestProblem(s: string): string | undefined {
  const dash = s.indexOf("-");
  if (dash < 0) return "has no '-' between hash and size";
  const hash = s.slice(0, dash);
  const size = s.slice(dash + 1);
  if (!/^\+?[0-9]+$/.test(size) || BigInt(size) > 2n ** 64n - 1n) return `has a size ${JSON.stringify(size)} that is not an unsigned number`;
  if (hash.length !== 64 || !/^[0-9a-fA-F]*$/.test(hash)) return "has a hash that is not 64 hexadecimal digits";
  if (BigInt(size) > 2n ** 63n - 1n) return "has a size above i64::MAX";
  return undefined;
}

export interface CacheIndexProblem {
  detail: string;
  /** serde_json's own text, where it is certain. */
  serde?: string;
}

/** Where serde_json stands after the last byte of the text (for EOF and end-of-object errors). */
function endPosition(text: string, upTo: number): { line: number; column: number } {
  const before = text.slice(0, upTo);
  const nl = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: Buffer.byteLength(before.slice(nl + 1), "utf8") };
}

/** Why the index file's text does not deserialize as NativeLink's CacheFile, or undefined. */
export function cacheIndexProblem(view: FileView): CacheIndexProblem | undefined {
  const json = view.json;
  const text = view.read.bytes ? Buffer.from(view.read.bytes).toString("utf8") : "";
  if (!json || json.kind === "not-utf8") return undefined;
  if (json.kind === "syntax") {
    if (json.blank) {
      const at = endPosition(text, text.length);
      return { detail: text.length === 0 ? "it is empty" : "it holds only whitespace", serde: `EOF while parsing a value at line ${at.line} column ${at.column}` };
    }
    return { detail: `it is not JSON (${json.error})` };
  }
  const v = json.value;
  let digests: unknown;
  let timestamp: unknown;
  if (isObject(v)) {
    const missing = !("digests" in v) ? "digests" : !("timestamp" in v) ? "timestamp" : undefined;
    if (missing) {
      const at = endPosition(text, text.lastIndexOf("}") + 1);
      return { detail: `its object has no "${missing}" field`, serde: `missing field \`${missing}\` at line ${at.line} column ${at.column}` };
    }
    digests = v.digests;
    timestamp = v.timestamp;
  } else if (Array.isArray(v)) {
    if (v.length !== 2) return { detail: `it is a list of ${v.length} values, not an object with "digests" and "timestamp"` };
    const pair: unknown[] = v;
    [digests, timestamp] = pair;
  } else {
    return { detail: `it is ${kindOf(v)}, not an object with "digests" and "timestamp"` };
  }
  if (!Array.isArray(digests)) return { detail: `its "digests" is ${kindOf(digests)}, not a list of "{hash}-{size}" strings` };
  const list: unknown[] = digests;
  for (const [i, d] of list.entries()) {
    if (typeof d !== "string") return { detail: `"digests" item ${i + 1} is ${kindOf(d)}, not a "{hash}-{size}" string` };
    const p = digestProblem(d);
    if (p) return { detail: `"digests" item ${i + 1} ${JSON.stringify(d.length > 80 ? `${d.slice(0, 80)}…` : d)} ${p}` };
  }
  if (!isU64(timestamp)) return { detail: `its "timestamp" is ${kindOf(timestamp)}, not a non-negative integer` };
  return undefined;
}
