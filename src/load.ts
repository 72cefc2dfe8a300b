// Reads a config file once, bounded, decodes it strictly, and parses it with locations.
import { isUtf8 } from "node:buffer";
import { parse as parseJson5, tokenize } from "@humanwhocodes/momoa";
import type { DocNode } from "./doc.ts";
import { ArrayNode, BooleanNode, DocSource, isIntegerLiteral, MemberNode, NullNode, NumberNode, ObjectNode, StringNode } from "./doc-nodes.ts";
import { parseFast } from "./json5-fast.ts";
import type { Span } from "./types.ts";
import { describeReadFailure, readHead, readRegularFile } from "./read-bounded.ts";
import { mayBeConfig } from "./sniff.ts";

/** Configs are a few kilobytes; anything past this is not a NativeLink config. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Real configs nest about 12 levels; the parser recurses, so deeper input is refused first. */
export const MAX_DEPTH = 256;

export type LoadProblemCode =
  | "unreadable"
  | "not-regular"
  | "too-large"
  | "invalid-utf8"
  | "binary"
  | "syntax"
  | "too-deep";

export interface LoadProblem {
  code: LoadProblemCode;
  message: string;
  nativelink?: string;
  hint?: string;
  span: Span;
}

export interface Comment {
  kind: "line" | "block";
  /** Text between the comment markers. */
  text: string;
  span: Span;
}

export interface LoadedFile {
  /** As given on the command line. */
  file: string;
  /** Absolute path. */
  path: string;
  text?: string;
  root?: DocNode;
  comments: Comment[];
  problem?: LoadProblem;
  /** File mode bits, for permission checks. */
  mode?: number;
  /**
   * The start of a file too large to parse (SNIFF_BYTES of it, as UTF-8), read with `sniff` only, for
   * src/sniff.ts to tell a config from a data file that a walk or the pre-commit hook came across.
   */
  head?: string;
  /** Read for the sniff only and found to name none of NativeLink's top-level keys: not parsed (src/sniff.ts). */
  notConfig?: boolean;
}

/** How much of a file too large to parse the sniff reads. */
export const SNIFF_BYTES = 64 * 1024;

const START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * Reads and parses a config. With `sniff` (a file a walk, a glob or the hook came across), text that
 * cannot be a NativeLink config (mayBeConfig, src/sniff.ts) is not parsed: a data file of megabytes
 * costs a scan for a few words, not a tree.
 */
export function loadConfigFile(file: string, absPath: string, sniff = false): LoadedFile {
  const base: LoadedFile = { file, path: absPath, comments: [] };
  const read = readBounded(absPath);
  if ("problem" in read) {
    // Only the sniff reads the start of a file too large to parse.
    const head = sniff && read.problem.code === "too-large" ? textHead(readHead(absPath, SNIFF_BYTES)) : undefined;
    return { ...base, problem: read.problem, ...(head !== undefined && { head }) };
  }
  base.mode = read.mode;
  return parseConfigText(base, read.bytes, sniff);
}

function readBounded(path: string): { bytes: Buffer; mode: number } | { problem: LoadProblem } {
  const fail = (code: LoadProblemCode, message: string, nativelink?: string, hint?: string) => ({
    problem: { code, message, nativelink, hint, span: START },
  });
  const read = readRegularFile(path, MAX_CONFIG_BYTES);
  // The mode of what NativeLink would read: a symlinked config's target, not the link.
  if (read.ok) return { bytes: read.bytes, mode: read.mode };
  const f = read.failure;
  switch (f.kind) {
    case "directory":
      return fail("not-regular", "the config path is a directory", `Could not open config file ${path}`);
    case "not-regular":
    case "pseudo":
      return fail("not-regular", `the config path is ${describeReadFailure(f)}`);
    case "too-large":
      return fail("too-large", `the config file is ${f.size} bytes, over the ${f.limit}-byte limit for a config; it was not parsed`, undefined, "check that this is the NativeLink config and not a data file");
    default:
      return fail("unreadable", `cannot read the config file: ${describeReadFailure(f)}`, `Could not open config file ${path}`);
  }
}


/** Parses text already read (also used by tests and for stdin). */
export function parseConfigText(base: LoadedFile, bytes: Uint8Array, sniff = false): LoadedFile {
  const badUtf8 = firstInvalidUtf8(bytes);
  if (badUtf8 !== undefined) {
    const before = Buffer.from(bytes.subarray(0, badUtf8)).toString("utf8");
    const span = spanAt(before);
    if (bytes.indexOf(0) !== -1) {
      return { ...base, problem: { code: "binary", message: "the config file is binary, not JSON5 text", span, nativelink: "stream did not contain valid UTF-8" } };
    }
    return {
      ...base,
      problem: {
        code: "invalid-utf8",
        message: `the config file is not valid UTF-8 (byte 0x${(bytes[badUtf8] ?? 0).toString(16).padStart(2, "0")} at offset ${badUtf8})`,
        nativelink: "stream did not contain valid UTF-8",
        hint: "re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
        span,
      },
    };
  }
  // A view of the bytes, not a copy; a data file is told from a config before it is decoded.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (sniff && !mayBeConfig(buf)) return { ...base, notConfig: true };
  const text = buf.toString("utf8");
  const loaded: LoadedFile = { ...base, text };
  // The fast parser takes the usual config (and gives up past MAX_DEPTH); whatever it does not
  // take is measured for nesting, then read by momoa (which words any syntax error).
  // Comments only matter for suppression directives: only files that mention the tool collect them.
  const wantComments = text.includes("nativelink-preflight");
  const fastComments: Comment[] = [];
  const fast = parseFast(text, MAX_DEPTH, wantComments ? fastComments : undefined);
  const deep = fast ? undefined : findExcessiveNesting(text, MAX_DEPTH);
  if (deep !== undefined) {
    loaded.problem = {
      code: "too-deep",
      message: `the config nests more than ${MAX_DEPTH} levels deep; it was not parsed`,
      hint: "a NativeLink config nests about a dozen levels; this input is probably generated or corrupted",
      span: spanAt(text.slice(0, deep)),
    };
    return loaded;
  }
  if (fast) {
    loaded.root = fast;
    loaded.comments = fastComments;
  } else {
    const parsed = momoaTree(text);
    if (parsed instanceof Error) {
      const err = parsed as Error & { line?: number; column?: number };
      const endOfInput = /end of input/i.test(err.message) ? spanAt(text) : undefined;
      const line = endOfInput?.line ?? err.line ?? 1;
      const column = endOfInput?.column ?? err.column ?? 1;
      loaded.problem = {
        code: "syntax",
        span: { line, column, endLine: line, endColumn: column + 1 },
        ...syntaxProblem(err.message, text, line, column),
      };
      return loaded;
    }
    loaded.root = parsed;
    if (wantComments) loaded.comments = momoaComments(text);
  }
  return loaded;
}

/**
 * Says what the parser expected where it stopped, in the words of the hand-editing mistake that most
 * often causes it, with the fix. momoa names only the token it found; the context (inside an object
 * or a list, after a key, a value or the end of the config) comes from a scan of the text up to there.
 */
function syntaxProblem(raw: string, text: string, line: number, column: number): { message: string; hint?: string } {
  if (text.trim() === "") return { message: "the file is empty: expected a JSON5 object", hint: "NativeLink needs at least `{ stores: [], servers: [] }`" };
  const m = /^(.*?)\s*\(\d+:\d+\)\s*$/.exec(raw);
  const what = (m?.[1] ?? raw).replace(/\.$/, "");
  const fallback = { message: `JSON5 syntax error: ${what.charAt(0).toLowerCase()}${what.slice(1)}` };
  // momoa places "end of input" at the end of the text, or at 1:1 when a list is left open.
  const atEnd = /end of input/i.test(what);
  const at = atEnd ? text.length : offsetOf(text, line, column);
  const ctx = scanContext(text, at);
  const found = text[at];
  if (ctx.inString) {
    return { message: `JSON5 syntax error: the string that starts on line ${ctx.inString.line} is never closed`, hint: `add the closing ${ctx.inString.quote} on line ${ctx.inString.line}` };
  }
  const open = ctx.stack[ctx.stack.length - 1];
  if (atEnd && open) {
    const close = open.ch === "{" ? "}" : "]";
    return {
      message: `JSON5 syntax error: the file ends before \`${close}\` closes the ${open.ch === "{" ? "object" : "list"} opened on line ${open.line}`,
      hint: `add \`${close}\` where the ${open.ch === "{" ? "object" : "list"} of line ${open.line} should end`,
    };
  }
  if (!open && ctx.last === "value") {
    if (found === "}" || found === "]") {
      return { message: `JSON5 syntax error: one \`${found}\` too many: the config's top-level value already ended on line ${ctx.lastLine}`, hint: `remove this \`${found}\`, or the one that closes too early` };
    }
    return { message: `JSON5 syntax error: unexpected text after the end of the config (its top-level value ended on line ${ctx.lastLine})`, hint: "remove it, or move it inside the top-level object" };
  }
  if (open && ctx.last === "value") {
    const close = open.ch === "{" ? "}" : "]";
    if (found === ":" && open.ch === "{") {
      return { message: `JSON5 syntax error: expected \`,\` or \`}\` after the value on line ${ctx.lastLine}, found \`:\``, hint: "a key is followed by one value; add a comma between members, or remove the extra `:`" };
    }
    return {
      message: `JSON5 syntax error: expected \`,\` or \`${close}\` after the value on line ${ctx.lastLine}`,
      hint: `add a comma at the end of line ${ctx.lastLine}`,
    };
  }
  if (open?.ch === "{" && ctx.last === "key") {
    const key = ctx.lastKey ?? "";
    if (found === "=") return { message: `JSON5 syntax error: expected \`:\` after the key "${key}", found \`=\``, hint: `write ${key}: ...` };
    if (/^[^\s:,{}\[\]"'/]/.test(found ?? "") || text[at - 1] === "-") {
      const word = /^[^\s:,{}\[\]"']*/.exec(text.slice(ctx.lastKeyAt ?? at))?.[0] ?? key;
      return { message: `JSON5 syntax error: the key ${word} needs quotes: an unquoted key may hold only letters, digits, _ and $`, hint: `write "${word}": ...` };
    }
    return { message: `JSON5 syntax error: expected \`:\` after the key "${key}"`, hint: `write ${key}: <value>` };
  }
  if (open && (ctx.last === "colon" || ctx.last === "comma" || ctx.last === "open") && (found === "," || found === "}" || found === "]")) {
    if (ctx.last === "colon") return { message: "JSON5 syntax error: expected a value after `:`", hint: "give the key a value, or remove the key" };
    if (ctx.last === "comma" && found === ",") return { message: "JSON5 syntax error: two commas in a row", hint: "remove one comma" };
  }
  return fallback;
}

function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl === -1) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}

interface ScanContext {
  stack: { ch: "{" | "["; line: number }[];
  /** The last significant thing before the stop: an opening bracket, a key, `:`, a value or `,`. */
  last?: "open" | "key" | "colon" | "value" | "comma";
  lastLine: number;
  lastKey?: string;
  lastKeyAt?: number;
  inString?: { line: number; quote: string };
}

/** Scans JSON5 text up to `end`: brackets still open, and what came last (strings and comments skipped). */
function scanContext(text: string, end: number): ScanContext {
  const ctx: ScanContext = { stack: [], lastLine: 1 };
  let line = 1;
  let i = 0;
  const setLast = (k: ScanContext["last"]) => {
    ctx.last = k;
    ctx.lastLine = line;
  };
  while (i < end) {
    const c = text.charAt(i);
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 || nl > end ? end : nl;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      const stop = close === -1 ? end : Math.min(end, close + 2);
      for (let j = i; j < stop; j++) if (text[j] === "\n") line++;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      const start = i;
      i++;
      while (i < end && text[i] !== c) {
        if (text[i] === "\\") i++;
        else if (text[i] === "\n") line++;
        i++;
      }
      if (i >= end) {
        ctx.inString = { line: startLine, quote: c };
        return ctx;
      }
      i++;
      const top = ctx.stack[ctx.stack.length - 1];
      if (top?.ch === "{" && (ctx.last === "open" || ctx.last === "comma")) {
        setLast("key");
        ctx.lastKey = text.slice(start + 1, i - 1);
        ctx.lastKeyAt = start;
      } else setLast("value");
      continue;
    }
    if (c === "{" || c === "[") {
      ctx.stack.push({ ch: c, line });
      setLast("open");
      i++;
      continue;
    }
    if (c === "}" || c === "]") {
      ctx.stack.pop();
      setLast("value");
      i++;
      continue;
    }
    if (c === ":") {
      setLast("colon");
      i++;
      continue;
    }
    if (c === ",") {
      setLast("comma");
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = /^[^\s:,{}\[\]"'/]+/.exec(text.slice(i, end))?.[0] ?? c;
    const top = ctx.stack[ctx.stack.length - 1];
    if (top?.ch === "{" && (ctx.last === "open" || ctx.last === "comma")) {
      setLast("key");
      ctx.lastKey = word;
      ctx.lastKeyAt = i;
    } else setLast("value");
    i += word.length;
  }
  return ctx;
}

/**
 * The start of a file as text, when it is UTF-8 without NUL (a character cut at its end allowed);
 * undefined for binary or another encoding, which is reported like a small file of it.
 */
function textHead(bytes: Buffer | undefined): string | undefined {
  if (!bytes || bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

/** Offset of the first byte that breaks UTF-8, or undefined. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  // Checked without decoding (the text is decoded once, after this).
  if (isUtf8(bytes)) return undefined;
  // Find the offending byte by decoding growing prefixes' boundaries.
  let i = 0;
  for (let b = bytes[i]; b !== undefined; b = bytes[i]) {
    const len = b < 0x80 ? 1 : b >> 5 === 0b110 ? 2 : b >> 4 === 0b1110 ? 3 : b >> 3 === 0b11110 ? 4 : 0;
    if (len === 0) return i;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length - 1;
}

/** Returns the offset where nesting first exceeds `limit`, skipping strings and comments. */
function findExcessiveNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x22 || c === 0x27) {
      for (i++; i < text.length && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      // A line comment ends where momoa ends it: \n, \r, U+2028 or U+2029 (0x2028 | 1 is 0x2029).
      for (let e = 0; i < text.length && (e = text.charCodeAt(i)) !== 0x0a && e !== 0x0d && (e | 1) !== 0x2029; ) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    }
  }
  return undefined;
}

export function spanAt(before: string): Span {
  let line = 1;
  let last = -1;
  for (let i = 0; i < before.length; i++) {
    if (before.charCodeAt(i) !== 0x0a) continue;
    line++;
    last = i;
  }
  const column = before.length - last;
  return { line, column, endLine: line, endColumn: column + 1 };
}

interface MomoaLoc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface MomoaToken {
  type: string;
  loc: MomoaLoc;
  range: [number, number];
}
interface MomoaNode {
  type: string;
  loc: MomoaLoc;
  range: [number, number];
  value?: unknown;
  sign?: string;
  name?: MomoaNode & { name?: string; value?: string };
  members?: MomoaNode[];
  elements?: { value: MomoaNode }[];
}

function tokenSpan(t: { loc: MomoaLoc }): Span {
  return { line: t.loc.start.line, column: t.loc.start.column, endLine: t.loc.end.line, endColumn: t.loc.end.column };
}

/**
 * The comments of `text` as momoa's tokenizer finds them, for texts the fast parser leaves to momoa.
 * It makes a token, with its location objects, for everything in the text: the fast parser notes
 * the comments as it skips them instead (test/json5-fast.test.ts holds the two to each other). A
 * block comment's text ends at its own `*` `/`: momoa's range for one falls a unit short for each
 * \r\n inside it (its span is right).
 */
export function momoaComments(text: string): Comment[] {
  const out: Comment[] = [];
  for (const t of tokenize(text, { mode: "json5", ranges: true }) as unknown as Iterable<MomoaToken>) {
    if (t.type === "LineComment") out.push({ kind: "line", text: text.slice(t.range[0] + 2, t.range[1]), span: tokenSpan(t) });
    else if (t.type === "BlockComment") out.push({ kind: "block", text: text.slice(t.range[0] + 2, text.indexOf("*/", t.range[0] + 2)), span: tokenSpan(t) });
  }
  return out;
}

/** The document tree momoa reads from `text`, or its syntax error. */
export function momoaTree(text: string): DocNode | Error {
  // momoa 3.3.13 reads past the end of a string that ends in an escaping backslash and never stops
  // (`"\` alone hung the run): the input ends there, so that is what is reported.
  let slashes = 0;
  while (text.charCodeAt(text.length - 1 - slashes) === 0x5c) slashes++;
  if (slashes % 2) return new Error("Unexpected end of input found.");
  try {
    const ast = parseJson5(text, { mode: "json5", ranges: true, tokens: false });
    return convert(ast.body as unknown as MomoaNode, new DocSource(text), undefined, "");
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Keeps momoa's own location of a node or key where it is not what the offsets say. */
function state<T extends object>(source: DocSource, target: T, range: [number, number], loc: Span): T {
  const computed = source.span(range[0], range[1]);
  if (computed.line !== loc.line || computed.column !== loc.column || computed.endLine !== loc.endLine || computed.endColumn !== loc.endColumn) source.stated.set(target, loc);
  return target;
}

function convert(n: MomoaNode, source: DocSource, parent: DocNode | undefined, token: string | number): DocNode {
  const [start, end] = n.range;
  const text = source.text;
  let node: DocNode;
  switch (n.type) {
    case "Object": {
      const obj = new ObjectNode(source, start, end, parent, token);
      // map, not push: each node's array is of its own size (json5-fast.ts does the same).
      obj.members = (n.members ?? []).map((m) => {
        const name = m.name!;
        const key = name.type === "Identifier" ? (name.name as string) : (name.value as string);
        const value = convert(m.value as MomoaNode, source, obj, key);
        return state(source, new MemberNode(source, key, name.range[0], name.range[1], value), name.range, tokenSpan(name));
      });
      node = obj;
      break;
    }
    case "Array": {
      const arr = new ArrayNode(source, start, end, parent, token);
      arr.items = (n.elements ?? []).map((e, i) => convert(e.value, source, arr, i));
      node = arr;
      break;
    }
    case "String":
      node = new StringNode(source, start, end, parent, token, n.value as string);
      break;
    case "Boolean":
      node = new BooleanNode(source, start, end, parent, token, n.value as boolean);
      break;
    case "Number": {
      const literal = text.slice(start, end);
      node = new NumberNode(source, start, end, parent, token, n.value as number, literal, isIntegerLiteral(literal));
      break;
    }
    case "Infinity":
      node = new NumberNode(source, start, end, parent, token, n.sign === "-" ? -Infinity : Infinity, text.slice(start, end), false);
      break;
    case "NaN":
      node = new NumberNode(source, start, end, parent, token, NaN, text.slice(start, end), false);
      break;
    default:
      node = new NullNode(source, start, end, parent, token);
  }
  return state(source, node, n.range, tokenSpan(n));
}
