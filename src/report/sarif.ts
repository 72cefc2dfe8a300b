// SARIF 2.1.0 output, for GitHub code scanning and other static-analysis dashboards.
import { createHash } from "node:crypto";
import { posix } from "node:path";
import { warningLimitNote, type RunStatus } from "./status.ts";
import type { Finding, RelatedLocation, RuleMeta, Severity, Span } from "../types.ts";
import { toWellFormed } from "./escape.ts";
import { isNetworkCheck, type NetworkCheckId } from "../connect/ids.ts";
import { networkCheckDocs } from "../rule-docs.ts";
import { joined, jsonWithList } from "./chunks.ts";

export interface SarifOptions {
  rules: RuleMeta[];
  toolVersion: string;
  informationUri: string;
  /** Absolute directory that relative file names are relative to (and absolute ones are made relative to). */
  cwd?: string;
  /** Where rule docs live; `helpUri` is `docsBaseUri + id + ".md"` (a `/` is added when missing). */
  docsBaseUri?: string;
  /** --max-warnings: exceeding it is reported as a tool execution notification of the invocation. */
  status?: RunStatus;
  /**
   * At most this many results (the Action: GITHUB_SARIF_RESULTS, as GitHub code scanning refuses a
   * larger run whole): errors first, then warnings, notes and suppressed results, each kept in its
   * place; a notification of the invocation counts the rest.
   */
  maxResults?: number;
}

/** GitHub code scanning refuses a SARIF run of more results than this. */
export const GITHUB_SARIF_RESULTS = 25_000;

/** The findings a run of at most `max` results keeps, in their order, and how many it leaves out. */
function keptFindings(findings: Finding[], max: number | undefined): [Finding[], number] {
  if (max === undefined || findings.length <= max) return [findings, 0];
  const rank = (f: Finding) => (f.suppressed ? 3 : f.severity === "error" ? 0 : f.severity === "warning" ? 1 : 2);
  const order = findings.map((f, i) => i).sort((a, b) => rank(findings[a]!) - rank(findings[b]!) || a - b);
  const keep = order.slice(0, max).sort((a, b) => a - b);
  return [keep.map((i) => findings[i]!), findings.length - max];
}

type Json = Record<string, unknown>;
type Level = "error" | "warning" | "note";
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

const SRCROOT = "%SRCROOT%";
const LEVELS: Record<Severity, Level> = { error: "error", warning: "warning", info: "note" };

export function formatSarif(findings: Finding[], opts: SarifOptions): string {
  return joined(sarifPieces(findings, opts));
}

/** The SARIF log in pieces (see chunks.ts); joined, the text of formatSarif. */
export function sarifPieces(all: Finding[], opts: SarifOptions): Iterable<string> {
  const [findings, left] = keptFindings(all, opts.maxResults);
  const rules = ruleTable(findings, opts.rules, opts.docsBaseUri);
  const artifacts = new ArtifactTable(opts.cwd);
  const hashes = new FingerprintCounter();
  // The artifacts come before the results in the log: their table is filled first, naming files in
  // the order the results will, and each result is then made as it is written.
  for (const f of findings) {
    artifacts.locate(f.file);
    for (const r of f.related ?? []) artifacts.locate(r.file);
  }
  const limit = warningLimitNote(opts.status);
  return jsonWithList((hole) => {
    const run: Json = {
      tool: { driver: driver(rules.descriptors, opts) },
      ...baseIds(opts.cwd),
      artifacts: artifacts.list.map((location) => ({ location })),
      results: hole,
      columnKind: "utf16CodeUnits",
    };
    const notes: Json[] = [];
    if (limit) notes.push({ level: "error", message: { text: limit } });
    if (left) notes.push({ level: "warning", message: { text: `${left} of ${all.length} results are left out (suppressed ones first, then notes, then warnings): GitHub code scanning refuses a run of more than ${opts.maxResults} results` } });
    if (notes.length) run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: notes }];
    return { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
  }, findings, (f) => result(f, rules, artifacts, hashes));
}

// ---- rules ----

interface RuleTable {
  descriptors: Json[];
  index: Map<string, number>;
}

/** The given rules (first of each id wins), plus a bare descriptor for any rule id a finding uses but no meta names. */
function ruleTable(findings: Finding[], metas: RuleMeta[], docsBaseUri: string | undefined): RuleTable {
  const table: RuleTable = { descriptors: [], index: new Map() };
  for (const meta of metas) addRule(table, meta.id, describe(meta, docsBaseUri));
  for (const f of findings) addRule(table, f.ruleId, isNetworkCheck(f.ruleId) ? describeNetworkCheck(f.ruleId) : undocumented(f.ruleId));
  return table;
}

function addRule(table: RuleTable, id: string, description: Json): void {
  if (table.index.has(id)) return;
  table.index.set(id, table.descriptors.length);
  table.descriptors.push({ id, name: pascalCase(id), ...description });
}

function driver(rules: Json[], opts: SarifOptions): Json {
  return { name: "nativelink-preflight", version: opts.toolVersion, informationUri: opts.informationUri, rules };
}

function describe(meta: RuleMeta, docsBaseUri: string | undefined): Json {
  const uri = docsBaseUri === undefined ? undefined : helpUri(docsBaseUri, meta.id);
  const docLink = uri === undefined ? "" : `\n\n[Documentation](${uri})`;
  return {
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.why },
    help: { text: meta.fix, markdown: `${meta.why}\n\n**Fix:** ${meta.fix}${docLink}` },
    ...(uri === undefined ? {} : { helpUri: uri }),
    defaultConfiguration: { level: LEVELS[meta.severity] },
    properties: { category: meta.category, tags: [meta.category] },
  };
}

/** A --connect check: documented by its table (src/connect/ids.ts), in the README rather than a rule page. */
function describeNetworkCheck(id: NetworkCheckId): Json {
  const c = networkCheckDocs(id);
  return {
    shortDescription: { text: c.summary },
    fullDescription: { text: c.why },
    help: { text: c.fix, markdown: `${c.why}\n\n**Fix:** ${c.fix}\n\nReported only by \`check --connect\`.` },
    defaultConfiguration: { level: LEVELS[c.severity] },
    properties: { category: "network", tags: ["network"] },
  };
}

/** GitHub code scanning requires these texts even for a rule we know nothing about. */
function undocumented(id: string): Json {
  return { shortDescription: { text: id }, fullDescription: { text: id }, help: { text: `No documentation is available for ${id}.` } };
}

function helpUri(base: string, id: string): string {
  return `${base.endsWith("/") ? base : base + "/"}${encodeURIComponent(id)}.md`;
}

/** `tls-cert-expired` → `TlsCertExpired`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

// ---- results ----

function result(f: Finding, rules: RuleTable, artifacts: ArtifactTable, hashes: FingerprintCounter): Json {
  const artifact = artifacts.locate(f.file);
  const out: Json = {
    ruleId: f.ruleId,
    ruleIndex: rules.index.get(f.ruleId),
    level: LEVELS[f.severity],
    message: { text: f.message },
    locations: [location(artifact, f, f.pointer)],
  };
  if (f.related?.length) out.relatedLocations = f.related.map((r, i) => related(r, i, artifacts));
  out.partialFingerprints = { primaryLocationLineHash: hashes.next(f.ruleId, artifact.uri, f.pointer) };
  if (f.suppressed) out.suppressions = [suppression(f.suppressed)];
  if (f.fix) {
    const replacements = f.fix.edits.map((e) => ({ deletedRegion: toRegion(e.range) ?? { startLine: 1 }, insertedContent: { text: e.text } }));
    out.fixes = [{ description: { text: f.fix.description }, artifactChanges: [{ artifactLocation: artifact, replacements }] }];
  }
  const properties = resultProperties(f);
  if (properties) out.properties = properties;
  return out;
}

function location(artifactLocation: ArtifactLocation, span: Span, pointer: string): Json {
  const region = toRegion(span);
  const physicalLocation = region ? { artifactLocation, region } : { artifactLocation };
  // The root pointer "" names the whole document; a logical location would add nothing.
  if (pointer === "") return { physicalLocation };
  return { physicalLocation, logicalLocations: [{ fullyQualifiedName: pointer, kind: "value" }] };
}

function related(r: RelatedLocation, id: number, artifacts: ArtifactTable): Json {
  return { id, ...location(artifacts.locate(r.file), r, r.pointer), message: { text: r.message } };
}

/** SARIF regions are 1-based with an exclusive end column, like `Span`; drop parts that would be invalid. */
function toRegion(s: Span): Json | undefined {
  if (!(s.line >= 1)) return undefined;
  const region: Json = { startLine: s.line };
  if (s.column >= 1) region.startColumn = s.column;
  const endOk = s.endLine > s.line || (s.endLine === s.line && s.column >= 1 && s.endColumn >= s.column);
  if (endOk) region.endLine = s.endLine;
  if (endOk && s.endColumn >= 1) region.endColumn = s.endColumn;
  return region;
}

function suppression(s: NonNullable<Finding["suppressed"]>): Json {
  const kind = s.kind === "inline" ? "inSource" : "external";
  return s.justification === undefined ? { kind, status: "accepted" } : { kind, status: "accepted", justification: s.justification };
}

function resultProperties(f: Finding): Json | undefined {
  const p: Json = {};
  if (f.hint !== undefined) p.hint = f.hint;
  if (f.nativelink !== undefined) p.nativelink = f.nativelink;
  if (f.reproduce !== undefined) p.reproduce = f.reproduce;
  return Object.keys(p).length ? p : undefined;
}

/** A stable id for (rule, file, pointer), with an occurrence suffix so repeats (duplicate keys) stay distinct. */
class FingerprintCounter {
  private seen = new Map<string, number>();

  next(ruleId: string, uri: string, pointer: string): string {
    const hash = createHash("sha256").update(JSON.stringify([ruleId, uri, pointer])).digest("hex").slice(0, 16);
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return `${hash}:${n}`;
  }
}

// ---- artifacts and URIs ----

/** Assigns each distinct file one artifact index, in order of first use. */
class ArtifactTable {
  readonly list: ArtifactLocation[] = [];
  private byUri = new Map<string, number>();

  constructor(private readonly cwd: string | undefined) {}

  /** Each file's location once: the results of one file (and the first pass over them) all name it. */
  private byFile = new Map<string, ArtifactLocation>();

  locate(file: string): ArtifactLocation {
    const known = this.byFile.get(file);
    if (known) return known;
    const loc = fileLocation(file, this.cwd);
    const key = `${loc.uriBaseId ?? ""} ${loc.uri}`;
    let index = this.byUri.get(key);
    if (index === undefined) {
      index = this.list.length;
      this.byUri.set(key, index);
      this.list.push(loc);
    }
    const located = { ...loc, index };
    this.byFile.set(file, located);
    return located;
  }
}

/** Forward slashes, well-formed UTF-16 (so it can be percent-encoded). */
function slashes(p: string): string {
  return toWellFormed(p).replace(/\\/g, "/");
}

const DRIVE = /^[A-Za-z]:\//;

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || DRIVE.test(p);
}

/** A relative file becomes a `%SRCROOT%`-based relative URI; an absolute one too when it lies under `cwd`, else a file: URI. */
export function fileLocation(file: string, cwd?: string): { uri: string; uriBaseId?: string } {
  const p = slashes(file);
  if (!isAbsolute(p)) return { uri: encodePath(posix.normalize(p)), uriBaseId: SRCROOT };
  const rel = cwd === undefined ? undefined : relativeTo(p, slashes(cwd));
  if (rel !== undefined) return { uri: encodePath(posix.normalize(rel)), uriBaseId: SRCROOT };
  return { uri: absoluteUri(p) };
}

function relativeTo(p: string, base: string): string | undefined {
  const dir = base.replace(/\/+$/, "");
  const windows = DRIVE.test(p);
  const [a, b] = windows ? [p.toLowerCase(), dir.toLowerCase()] : [p, dir];
  return a.startsWith(b + "/") ? p.slice(dir.length + 1) : undefined;
}

function absoluteUri(p: string): string {
  if (p.startsWith("//")) return "file:" + encodePath(p); // UNC: //server/share/...
  if (DRIVE.test(p)) return `file:///${p.slice(0, 2)}${encodePath(posix.normalize(p.slice(2)))}`;
  return "file://" + encodePath(posix.normalize(p));
}

/** Tells consumers what `%SRCROOT%` stands for, when the caller gave an absolute `cwd`. */
function baseIds(cwd: string | undefined): Json {
  if (cwd === undefined || !isAbsolute(slashes(cwd))) return {};
  const uri = absoluteUri(slashes(cwd));
  return { originalUriBaseIds: { [SRCROOT]: { uri: uri.endsWith("/") ? uri : uri + "/" } } };
}

function encodePath(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}
