// One-way pipeline per config: load → walk (expand, convert, check types) → model → rules → findings.
import { resolve } from "node:path";
import type { Finding, Report, Rule, Severity, Span } from "./types.ts";
import { pointerOf } from "./types.ts";
import type { DocMember, DocNode, DocObject } from "./doc.ts";
import { atOrUnder, locate } from "./doc.ts";
import type { LoadedFile } from "./load.ts";
import { loadConfigFile, parseConfigText } from "./load.ts";
import { normalize, isBackcompatService } from "./normalize.ts";
import { buildModel } from "./model.ts";
import type { CheckOptions, Deployment, RuleContext } from "./context.ts";
import type { EnvLookup } from "./values/index.ts";
import type { FileView } from "./files.ts";
import { NO_FILES, loadDataFiles } from "./files.ts";
import { applyDirectives, countLines, parseDirectives } from "./suppress.ts";
import type { ProjectConfigCheck } from "./project-config.ts";
import { gitTrackedFast } from "./git-index.ts";
import { readHostUser, type HostUser } from "./host-users.ts";
import type { ConfigModel } from "./model.ts";
import { applyPathMap, notePathMap } from "./path-map.ts";
import { absentHere, targetFacts, withoutAbsent } from "./host/where.ts";
import type { HostProbe } from "./host/probe.ts";
import { FactStore } from "./facts/stage.ts";
import { flat, keepText } from "./flat.ts";

export interface EngineOptions extends CheckOptions {
  env: EnvLookup;
  rules: readonly Rule[];
  /** Per-rule severity overrides; "off" disables a rule. */
  severities?: Record<string, Severity | "off">;
  /** Files already read in this run, by resolved path (so a CA shared by several configs is read once). */
  fileCache?: Map<string, FileView>;
  /**
   * Loads the rules that need the TLS layer. When given, `rules` holds only the others, and these
   * are loaded (once) for a config with TLS settings or TLS endpoints, and for deployments.
   */
  loadTlsRules?: () => Promise<readonly Rule[]>;
  /** The --run-as user, resolved once per run (tests inject one). */
  hostUser?: HostUser;
  /** Which of these resolved paths a git index holds (default: ask git; tests inject a fake). */
  gitTracked?: (paths: string[], cwd: string) => Set<string>;
  /** With --on-host: the run's reader of the host (tests point it at their own /proc). */
  hostProbe?: HostProbe;
}

const START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Checks one config file on disk. */
export async function checkFile(file: string, opts: EngineOptions): Promise<Finding[]> {
  const loaded = loadConfigFile(file, resolve(opts.cwdForInputs ?? process.cwd(), file));
  return checkLoaded(loaded, opts);
}

/** Checks config text (tests, stdin). */
export async function checkText(text: string | Uint8Array, file: string, opts: EngineOptions): Promise<Finding[]> {
  const loaded = parseConfigText({ file, path: file, comments: [] }, typeof text === "string" ? Buffer.from(text, "utf8") : text);
  return checkLoaded(loaded, opts);
}

export async function checkLoaded(loaded: LoadedFile, opts: EngineOptions): Promise<Finding[]> {
  return (await checkLoadedWithContext(loaded, opts)).findings;
}

/** Checks one config and also returns the context its rules saw (for deployment checks). */
export async function checkFileWithContext(file: string, opts: EngineOptions): Promise<{ findings: Finding[]; ctx: RuleContext }> {
  return checkLoadedWithContext(loadConfigFile(file, resolve(opts.cwdForInputs ?? process.cwd(), file)), opts);
}

export async function checkTextWithContext(text: string, file: string, opts: EngineOptions): Promise<{ findings: Finding[]; ctx: RuleContext }> {
  return checkLoadedWithContext(parseConfigText({ file, path: file, comments: [] }, Buffer.from(text, "utf8")), opts);
}

export async function checkLoadedWithContext(loaded: LoadedFile, opts: EngineOptions): Promise<{ findings: Finding[]; ctx: RuleContext }> {
  const prepared = await prepareCheck(loaded, opts);
  if (prepared.gitKeys) prepared.ctx.host = { ...prepared.ctx.host, gitTracked: prepared.gitKeys.length ? (opts.gitTracked ?? gitTrackedFast)(prepared.gitKeys, opts.cwd) : new Set() };
  return finishCheck(prepared, opts);
}

/**
 * A config read and modelled, its files read, its rules not yet run. `gitKeys` are the key files to
 * ask git about (when the git rule runs): a run of many configs asks git once for all of them
 * (see collect in cli.ts) and puts the answer in `ctx.host.gitTracked` before finishCheck.
 */
export interface PreparedCheck {
  loaded: LoadedFile;
  ctx: RuleContext;
  tlsRulesLoading?: Promise<readonly Rule[]>;
  gitKeys?: string[];
  /** Files read from the repository by --path-map: the path the config names, and where it was read. */
  mapped: Map<string, { from: string; to: string }>;
}

export async function prepareCheck(loaded: LoadedFile, opts: EngineOptions): Promise<PreparedCheck> {
  const ctx: RuleContext = {
    file: loaded.file,
    load: loaded,
    schemaIssues: [],
    env: opts.env,
    options: opts,
    facts: new FactStore(),
    files: NO_FILES,
    // The line count only bounds block directives: a config without comments has none.
    directives: loaded.comments.length > 0 ? parseDirectives(loaded.comments, countLines(loaded.text)) : [],
    findings: [],
  };
  let tlsRulesLoading: Promise<readonly Rule[]> | undefined;
  let mapped = new Map<string, { from: string; to: string }>();
  let gitKeys: string[] | undefined;
  if (loaded.root) {
    ctx.normalized = normalize(loaded.root, { env: opts.env, lenientEnv: opts.lenientEnv, canonical: false });
    ctx.schemaIssues = ctx.normalized.issues;
    if (loaded.root.kind === "object") {
      ctx.model = buildModel(loaded.root, ctx.normalized, opts.cwd);
      // Only the model reads the type of every object and list (14 MB of an 8 MiB config's walk).
      ctx.normalized.typeAt.clear();
      mapped = applyPathMap(ctx.model, opts.pathMap ?? []);
      // Both lazy TLS modules are requested at once, so their loading overlaps.
      tlsRulesLoading = opts.loadTlsRules && hasTlsSettings(ctx.model) ? opts.loadTlsRules() : undefined;
      const fileCache = opts.fileCache ?? new Map<string, FileView>();
      if (ctx.model.tlsFiles.length > 0) {
        const { loadTlsFiles } = await import("./tls-load.ts");
        ctx.files = loadTlsFiles(ctx.model, fileCache);
      }
      if (ctx.model.dataFiles.length > 0) ctx.files = loadDataFiles(ctx.model, fileCache);
      gitKeys = gitKeysOf(ctx.model, opts);
      if (opts.runAs) ctx.host = { ...ctx.host, runAs: (opts.hostUser ??= readHostUser(opts.runAs)) };
      // Where the check runs (src/host/where.ts): files left to the target host, or this host's facts.
      if (!opts.onHost) {
        const absent = absentHere(ctx, mapped);
        if (absent.size > 0) {
          ctx.files = withoutAbsent(ctx.files, absent);
          ctx.host = { ...ctx.host, absentHere: absent };
        }
      } else if (ctx.host?.runAs) {
        ctx.host = { ...ctx.host, target: targetFacts(ctx, { probe: opts.hostProbe, user: ctx.host.runAs, env: opts.env, unit: opts.systemdUnit }) };
      }
    }
  }
  return { loaded, ctx, tlsRulesLoading, gitKeys, mapped };
}

export async function finishCheck(prepared: PreparedCheck, opts: EngineOptions): Promise<{ findings: Finding[]; ctx: RuleContext }> {
  const { loaded, ctx, tlsRulesLoading, mapped } = prepared;
  const { main, post, loader } = rulePhases(opts.rules, tlsRulesLoading ? await tlsRulesLoading : undefined);
  const findings = refusedValuesOnce(dedupe(runRules(main, ctx, loaded, opts)), loader);
  notePathMap(findings, mapped);
  if (loaded.root) firstLoadErrorOnly(findings, loaded.root, loader);
  // A release finding silenced by a directive explains nothing away: what it would have stood for
  // is reported (marked here first, the rest below).
  applyDirectives(findings.filter((f) => f.category === "deprecation"), ctx.directives);
  const kept = releaseExplainsRefusal(findings, loader);
  ctx.findings = kept;
  const bookkeeping = runRules(post, ctx, loaded, opts);
  applyDirectives(kept, ctx.directives);
  return { findings: sortFindings([...kept, ...bookkeeping]), ctx };
}

/** The configs checked together, as the deployment rules (and the graph command) see them: built once per group. */
export function deploymentOf(contexts: RuleContext[], hostMap: Map<string, string>): Deployment {
  const usable = contexts.filter((c): c is RuleContext & { model: NonNullable<RuleContext["model"]> } => c.model !== undefined);
  return { configs: usable.map((c) => ({ file: c.file, load: c.load, model: c.model, files: c.files, facts: c.facts, tlsProxies: c.options.tlsProxies, expiryWarnDays: c.options.expiryWarnDays })), hostMap };
}

/**
 * Runs the deployment rules over configs checked together. Findings land in the config each report
 * names; inline suppressions of that config apply to them too.
 */
export async function checkDeployment(contexts: RuleContext[], hostMap: Map<string, string>, opts: EngineOptions, deployment = deploymentOf(contexts, hostMap)): Promise<Finding[]> {
  const rules = opts.loadTlsRules ? [...opts.rules, ...(await opts.loadTlsRules())] : opts.rules;
  const byFile = new Map(contexts.map((c) => [c.file, c]));
  const ctx: RuleContext = {
    ...bareContext(deployment.configs[0]?.load ?? { file: "", path: "", comments: [] }, opts),
    deployment,
  };
  const out: Finding[] = [];
  for (const rule of rules.filter((r) => r.meta.appliesTo === "deployment")) {
    const sev = opts.severities?.[rule.meta.id];
    if (sev === "off") continue;
    for (const r of rule.check(ctx)) {
      const owner = byFile.get(r.file ?? ctx.file);
      if (!owner) throw new Error(`rule ${rule.meta.id} reported on ${r.file}, which is not in the run`);
      const f = toFinding(r, rule, owner.load, sev, (file) => byFile.get(file)?.load);
      applyDirectives([f], owner.directives);
      out.push(f);
    }
  }
  return sortFindings(dedupe(out));
}

/** TLS files, a server's tls block, a client tls_config, or a URI whose scheme means TLS. */
function hasTlsSettings(model: ConfigModel): boolean {
  return (
    model.tlsFiles.length > 0 ||
    model.servers.some((s) => s.tls) ||
    model.endpoints.some((e) => e.tlsAt !== undefined || /^(grpcs|https):/i.test(e.uri?.value ?? ""))
  );
}

/** A context with nothing derived yet: the document-level phases fill in what they know. */
function bareContext(load: LoadedFile, opts: EngineOptions): RuleContext {
  return { file: load.file, load, schemaIssues: [], env: opts.env, options: opts, facts: new FactStore(), files: NO_FILES, directives: [], findings: [] };
}

/** Checks this tool's own config file (.nativelink-preflight.json5) with the rules that apply to it. */
export function checkProjectConfigFile(check: ProjectConfigCheck, opts: EngineOptions): Finding[] {
  const ctx: RuleContext = { ...bareContext(check.loaded, opts), projectConfig: check };
  const rules = opts.rules.filter((r) => r.meta.appliesTo === "preflight-config");
  return sortFindings(runRules(rules, ctx, check.loaded, opts));
}

/**
 * The private key files a config names, resolved, for the host fact of which ones git tracks (rules
 * may not run programs); undefined when the rule that needs it does not run.
 */
function gitKeysOf(model: ConfigModel, opts: EngineOptions): string[] | undefined {
  const wanted = opts.rules.some((r) => r.meta.id === "private-key-git-tracked") && opts.severities?.["private-key-git-tracked"] !== "off";
  if (!wanted) return undefined;
  const keys = new Set<string>();
  for (const ref of model.tlsFiles) {
    if ((ref.role === "server-key" || ref.role === "client-key") && !ref.str.unknown && ref.str.value !== "") keys.add(model.resolvePath(ref.str.value));
  }
  return [...keys];
}

interface RulePhases {
  main: readonly Rule[];
  post: readonly Rule[];
  loader: LoaderRules;
}

/**
 * A config's rules by phase (deployment rules run once per run, in checkDeployment). The same rule
 * lists come back for every config of a run, so each pair is sorted once (keyed by the lists
 * themselves; nothing config-derived is kept).
 */
const phasesOf = new WeakMap<readonly Rule[], Map<readonly Rule[] | undefined, RulePhases>>();
function rulePhases(core: readonly Rule[], tls: readonly Rule[] | undefined): RulePhases {
  let byTls = phasesOf.get(core);
  if (!byTls) phasesOf.set(core, (byTls = new Map<readonly Rule[] | undefined, RulePhases>()));
  let phases = byTls.get(tls);
  if (!phases) {
    const rules = tls ? [...core, ...tls] : core;
    const main = rules.filter((r) => (r.meta.appliesTo ?? "nativelink") === "nativelink" && r.meta.phase !== "post");
    const post = rules.filter((r) => (r.meta.appliesTo ?? "nativelink") === "nativelink" && r.meta.phase === "post");
    const loader = new Map(main.flatMap((r) => (r.meta.loader ? [[r.meta.id, r.meta.loader] as const] : [])));
    byTls.set(tls, (phases = { main, post, loader }));
  }
  return phases;
}

function runRules(rules: readonly Rule[], ctx: RuleContext, loaded: LoadedFile, opts: EngineOptions): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const sev = opts.severities?.[rule.meta.id];
    if (sev === "off") continue;
    try {
      // Most rules report nothing for most configs: their reports are not gathered into an array first.
      // Each finding keeps the previous one's texts where they are the same (src/flat.ts keepText).
      let last: Finding | undefined;
      if (rule.meta.aboutFiles) for (const r of mergeSameFile([...rule.check(ctx)])) out.push((last = toFinding(r, rule, loaded, sev, undefined, last)));
      else for (const r of rule.check(ctx)) out.push((last = toFinding(r, rule, loaded, sev, undefined, last)));
    } catch (e) {
      throw new Error(`rule ${rule.meta.id} failed on ${loaded.file}: ${(e as Partial<Error>).stack ?? String(e)}`);
    }
  }
  return out;
}

/** One finding per file: reports with the same message at other references join the first as related locations. */
function mergeSameFile(reports: Report[]): Report[] {
  const first = new Map<string, Report>();
  const out: Report[] = [];
  for (const r of reports) {
    const k = `${r.file ?? ""}\u0000${r.message}`;
    const seen = first.get(k);
    if (!seen) {
      // Its own list of related places, added to in place (a copy per reference was quadratic in the
      // references to one file).
      const copy = { ...r };
      if (r.related) copy.related = [...r.related];
      first.set(k, copy);
      out.push(copy);
    } else if (pointerOf(seen) !== pointerOf(r) || seen.node !== r.node) {
      (seen.related ??= []).push({ at: pointerOf(r), node: r.node, message: "the same file, named here too" });
    }
  }
  return out;
}

function toFinding(r: Report, rule: Rule, loaded: LoadedFile, sev: Severity | undefined, other?: (file: string) => LoadedFile | undefined, last?: Finding): Finding {
  const root = loaded.root;
  const at = pointerOf(r);
  const span = r.span ?? (root ? spanFor(root, at, r.target, r.node) : (loaded.problem?.span ?? START));
  const f: Finding = {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity: sev ?? r.severity ?? rule.meta.severity,
    message: keepText(r.message, last?.message),
    file: loaded.file,
    ...span,
    pointer: at,
  };
  const masked = maskedNativelink(rule, r);
  if (masked ?? r.nativelink) f.nativelink = keepText((masked ?? r.nativelink)!, last?.nativelink);
  if (r.hint) f.hint = keepText(r.hint, last?.hint);
  if (r.reproduce) f.reproduce = r.reproduce;
  if (r.explains) explainsOf.set(f, r.explains);
  if (r.related?.length) {
    f.related = r.related.flatMap((rel) => {
      const relRoot = rel.file && rel.file !== loaded.file ? other?.(rel.file)?.root : root;
      if (!relRoot) return [];
      const relAt = pointerOf(rel);
      return [{ file: rel.file ?? loaded.file, pointer: relAt, message: flat(rel.message), ...spanFor(relRoot, relAt, undefined, rel.node) }];
    });
  }
  return f;
}

/** The loader rules (RuleMeta.loader) of a run, by id: what NativeLink's parser rejects, as opposed to checks after parsing. */
type LoaderRules = ReadonlyMap<string, true | "refuses-value">;

/**
 * One mistake, one finding: a value the loader refuses is never used, so a later check of the same
 * value ("retry.delay is negative" beside "no sign before a hex number") says nothing more. Findings
 * of other rules at a refused value's pointer, or inside it, are dropped; the loader's finding stays.
 */
function refusedValuesOnce(findings: Finding[], loader: LoaderRules): Finding[] {
  const refused = new Set(findings.filter((f) => loader.get(f.ruleId) === "refuses-value" && f.severity === "error").map((f) => f.pointer));
  if (refused.size === 0) return findings;
  // A release difference explains the refusal itself (an old map where v1.6.6 wants a list): it stays.
  return findings.filter((f) => loader.has(f.ruleId) || f.category === "deprecation" || !atOrUnder(refused, f.pointer));
}

/**
 * One mistake, one finding: where the config is written for an older release (an error of the
 * deprecation category, config-release) at the very value or key the loader refuses (stores as a
 * map, listen_address), that finding is the one kept: it says why and how v1.6.6 writes it. It takes
 * the text NativeLink prints from the loader's finding there (when that one kept it: see
 * firstLoadErrorOnly), and the loader's finding is dropped. The loader's errors at the other signs
 * config-release lists (schedulers as a map beside stores as one) are dropped too, except the one
 * NativeLink stops at, which keeps its text at its own place. So are the findings a release finding
 * names as its mistake said elsewhere (Report.explains: the missing listener of a server that has
 * listen_address). A release finding turned into a warning, or silenced by a directive, explains
 * nothing away: the loader's errors then stay beside it.
 */
function releaseExplainsRefusal(findings: Finding[], loader: LoaderRules): Finding[] {
  const release = new Map<string, Finding>();
  /** The other signs config-release lists (related places of its finding). */
  const signs = new Set<string>();
  /** Findings a release finding names as its own mistake said elsewhere (Report.explains), as rule and pointer. */
  const explained = new Set<string>();
  for (const f of findings) {
    if (f.category !== "deprecation" || f.severity !== "error" || f.suppressed || loader.has(f.ruleId)) continue;
    release.set(f.pointer, f);
    if (f.ruleId === "config-release") for (const r of f.related ?? []) if (r.file === f.file) signs.add(r.pointer);
    for (const e of explainsOf.get(f) ?? []) explained.add(`${e.rule}\u0000${e.at}`);
  }
  if (release.size === 0) return findings;
  return findings.filter((f) => {
    if (explained.has(`${f.ruleId}\u0000${f.pointer}`)) return false;
    if (!loader.has(f.ruleId) || f.severity !== "error") return true;
    const r = release.get(f.pointer);
    // At another sign the release finding lists, the loader's error says the same again, unless it
    // is the one NativeLink stops at (it alone kept NativeLink's text): that one stays where it is.
    if (!r) return !(signs.has(f.pointer) && f.nativelink === undefined);
    if (r.nativelink === undefined && f.nativelink !== undefined) r.nativelink = f.nativelink;
    return false;
  });
}

/**
 * NativeLink's loader stops at the first error it meets, so of several errors in the document only
 * that one's text is printed for this config. serde reads the document front to back: it meets a bad
 * key or value where it starts, and a missing field at the closing brace of its object. The later
 * findings keep their message and hint, and lose the text NativeLink would print only after the
 * earlier ones are fixed.
 */
function firstLoadErrorOnly(findings: Finding[], root: DocNode, loader: LoaderRules): void {
  const load = findings.filter((f) => loader.has(f.ruleId) && f.severity === "error" && f.nativelink !== undefined);
  if (load.length < 2) return;
  const met = (f: Finding): [number, number] => {
    if (f.ruleId !== "key-required") return [f.line, f.column];
    const node = locate(root, f.pointer).node;
    return [node.span.endLine, node.span.endColumn];
  };
  // A stable sort: findings met at one place keep the order the rules gave them (serde's field order).
  const first = load.map((f, i) => ({ f, i, at: met(f) })).sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.i - b.i)[0]?.f;
  // Cleared, not deleted: a deleted property turns the object into a dictionary (about 800 bytes more
  // per finding; a config with 100,000 such errors held 80 MB of them).
  for (const f of load) if (f !== first) f.nativelink = undefined;
}

/** Inside services.{cas,...} NativeLink hides every parse error behind its untagged-enum message. */
function maskedNativelink(rule: Rule, r: Report): string | undefined {
  if (!rule.meta.loader || r.severity === "warning" || r.severity === "info") return undefined;
  const m = /^(\/servers\/\d+\/services\/(cas|ac|capabilities|execution|fetch|push|bytestream))(\/|$)/.exec(pointerOf(r));
  const [, service, kind] = m ?? [];
  if (service === undefined || !isBackcompatService(service)) return undefined;
  return kind === "bytestream"
    ? "data did not match any variant of untagged enum ByteStreamKind"
    : "data did not match any variant of untagged enum WithInstanceNameBackCompat";
}

/** Objects and lists are long; point at the key that names them, or their opening bracket. */
export function spanFor(root: DocNode, at: string, target?: "key" | "value", node?: DocNode): Span {
  let keySpan: Span | undefined;
  let n = node;
  if (!n) {
    const loc = locate(root, at);
    n = loc.node;
    keySpan = loc.keySpan;
    if (!loc.exact) return openingOf(n, keySpan);
  } else {
    keySpan = keyOf(root, n);
  }
  if (target === "key" && keySpan) return keySpan;
  if (n.kind === "object" || n.kind === "array") return openingOf(n, keySpan);
  return n.span;
}

function openingOf(n: DocNode, keySpan?: Span): Span {
  if (n.span.line === n.span.endLine && n.kind !== "object" && n.kind !== "array") return n.span;
  if (n.span.line === n.span.endLine && n.span.endColumn - n.span.column <= 60) return n.span;
  if (keySpan) return keySpan;
  return { line: n.span.line, column: n.span.column, endLine: n.span.line, endColumn: n.span.column + 1 };
}

function keyOf(root: DocNode, n: DocNode): Span | undefined {
  const parent = n.parent ?? locate(root, n.pointer.slice(0, n.pointer.lastIndexOf("/"))).node;
  if (parent.kind !== "object") return undefined;
  if (parent.members.length <= KEYS_SEARCHED) return parent.members.find((m) => m.value === n)?.keySpan;
  let index = keysOf.get(parent);
  if (!index) {
    index = new Map<DocNode, DocMember>();
    for (const m of parent.members) if (!index.has(m.value)) index.set(m.value, m);
    keysOf.set(parent, index);
  }
  return index.get(n)?.keySpan;
}

/** Up to this many members, an object's key is found by a search of its members. */
const KEYS_SEARCHED = 16;

/**
 * The member of larger objects holding each value (the first, as the search finds), made when a
 * finding first asks; its key's span is worked out only for the findings that need it. Each finding
 * searched its object's members, so an object of n unknown keys cost n² (100,000: 3.1 s of a 5.9 s
 * run at 50,000).
 */
const keysOf = new WeakMap<DocObject, Map<DocNode, DocMember>>();

/** What each finding's report said it explains (Report.explains); read by releaseExplainsRefusal. */
const explainsOf = new WeakMap<Finding, readonly { rule: string; at: string }[]>();

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\u0000${f.line}:${f.column}\u0000${f.pointer}\u0000${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
