// The tool's own settings file, .nativelink-preflight.json5: found upward from each NativeLink
// config (or named with --config), validated against its schema, and resolved per config file.
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { globList, GlobIndex } from "./globs.ts";
import validate from "./generated/validate-preflight.js";
import { loadConfigFile, type LoadedFile } from "./load.ts";
import { readEnvFile, type EnvFileCache } from "./env.ts";
import { childPointer, locate, toPlain } from "./doc.ts";
import { closest } from "./normalize.ts";
import type { Profile, TlsProxy } from "./context.ts";
import type { Severity } from "./types.ts";
import { pathMapEntry, type PathMapEntry } from "./path-map.ts";

export const PROJECT_CONFIG_NAME = ".nativelink-preflight.json5";

type RuleSettings = Record<string, Severity | "off">;

export interface ProjectConfig {
  profile?: Profile;
  envFiles?: string[];
  expiryWarnDays?: number;
  cwd?: string;
  reportUnusedSuppressions?: boolean;
  rules?: RuleSettings;
  ignore?: string[];
  /** Group name → globs of the configs checked together as one deployment. */
  deployments?: Record<string, string[]>;
  tlsProxies?: { files?: string[]; listeners?: string[]; hosts?: string[]; by: string; clientCertificates?: boolean }[];
  /** Target-host directory → where its files are, relative to this file (like --path-map). */
  pathMap?: Record<string, string>;
  overrides?: { files: string[]; profile?: Profile; envFiles?: string[]; expiryWarnDays?: number; rules?: RuleSettings }[];
}

export interface ProjectConfigProblem {
  at: string;
  target?: "key" | "value";
  message: string;
  hint?: string;
}

/** Loading one project config: the file, its problems, and (when usable) its settings. */
export interface ProjectConfigCheck {
  loaded: LoadedFile;
  dir: string;
  problems: ProjectConfigProblem[];
  config?: ProjectConfig;
  /**
   * Every env file the settings name (envFiles, also in overrides), read once here, bounded: its
   * variables, or why it cannot be used (reported as a problem at its place in this file).
   */
  envFiles: EnvFileCache;
}

/** Settings that apply to one NativeLink config. */
export interface FileSettings {
  ignored: boolean;
  profile?: Profile;
  envFiles: string[];
  expiryWarnDays?: number;
  cwd?: string;
  reportUnusedSuppressions?: boolean;
  rules: RuleSettings;
  /** The settings-file deployment group the config belongs to (the first that matches). */
  deployment?: string;
  /** The tlsProxies entries that apply to the config. */
  tlsProxies: TlsProxy[];
  /** pathMap, with each TO resolved against the settings file's directory. */
  pathMap: PathMapEntry[];
}

const TOP_KEYS = ["profile", "envFiles", "expiryWarnDays", "cwd", "reportUnusedSuppressions", "rules", "ignore", "deployments", "tlsProxies", "pathMap", "overrides"];
const OVERRIDE_KEYS = ["files", "profile", "envFiles", "expiryWarnDays", "rules"];
const TLS_PROXY_KEYS = ["files", "listeners", "hosts", "by", "clientCertificates"];

type ValidateFn = ((data: unknown) => boolean) & { errors?: { instancePath: string; schemaPath?: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null };

export function loadProjectConfig(absPath: string, shownAs: string, knownRules: readonly string[]): ProjectConfigCheck {
  const loaded = loadConfigFile(shownAs, absPath);
  const check: ProjectConfigCheck = { loaded, dir: dirname(absPath), problems: [], envFiles: new Map() };
  if (!loaded.root) {
    const p = loaded.problem;
    check.problems.push({ at: "", message: p ? p.message : "the file could not be read", hint: p?.hint });
    return check;
  }
  const data = toPlain(loaded.root);
  const fn = validate as unknown as ValidateFn;
  // Key names (pathMap's absolute directories) are judged below, at the key, in words of their own.
  const shapeErrors = fn(data) ? [] : (fn.errors ?? []).filter((e) => e.keyword !== "propertyNames" && !e.schemaPath?.includes("/propertyNames/"));
  if (shapeErrors.length > 0) {
    for (const e of shapeErrors) check.problems.push(schemaProblem(e, loaded));
    return check;
  }
  const config = data as ProjectConfig;
  const ruleBlocks: [string, RuleSettings | undefined][] = [["/rules", config.rules], ...(config.overrides ?? []).map((o, i) => [`/overrides/${i}/rules`, o.rules] as [string, RuleSettings | undefined])];
  for (const [ptr, rules] of ruleBlocks) {
    for (const id of Object.keys(rules ?? {})) {
      if (knownRules.includes(id)) continue;
      const guess = closest(id, [...knownRules]);
      check.problems.push({ at: childPointer(ptr, id), target: "key", message: `no rule "${id}"${guess ? `; did you mean "${guess}"?` : ""}`, hint: "run nativelink-preflight rules for the list" });
    }
  }
  const envLists: [string, string[] | undefined][] = [["/envFiles", config.envFiles], ...(config.overrides ?? []).map((o, i) => [`/overrides/${i}/envFiles`, o.envFiles] as [string, string[] | undefined])];
  for (const [ptr, list] of envLists) {
    for (const [i, f] of (list ?? []).entries()) {
      const abs = resolve(check.dir, f);
      let vars = check.envFiles.get(abs);
      if (!vars) check.envFiles.set(abs, (vars = readEnvFile(abs, f)));
      if (vars instanceof Map) continue;
      const message = vars.problem === "no such file" ? `env file "${f}" does not exist (paths are relative to this file)` : `env file "${f}" cannot be used: ${vars.problem}`;
      check.problems.push({ at: `${ptr}/${i}`, message });
    }
  }
  for (const from of Object.keys(config.pathMap ?? {})) {
    if (!from.startsWith("/")) check.problems.push({ at: childPointer("/pathMap", from), target: "key", message: `pathMap key "${from}" must be an absolute directory on the target host`, hint: 'e.g. "/etc/nativelink": "deploy/files"' });
  }
  check.config = config;
  return check;
}

function schemaProblem(e: NonNullable<ValidateFn["errors"]>[number], loaded: LoadedFile): ProjectConfigProblem {
  const at = e.instancePath;
  if (e.keyword === "additionalProperties") {
    const key = String(e.params.additionalProperty);
    const inOverride = /^\/overrides\/\d+$/.test(at);
    const allowed = at === "" ? TOP_KEYS : inOverride ? OVERRIDE_KEYS : /^\/tlsProxies\/\d+$/.test(at) ? TLS_PROXY_KEYS : [];
    const guess = closest(key, allowed);
    return { at: childPointer(at, key), target: "key", message: `unknown setting "${key}"${guess ? `; did you mean "${guess}"?` : ""}`, hint: allowed.length ? `settings here: ${allowed.join(", ")}` : undefined };
  }
  if (e.keyword === "required") return { at, message: `missing "${String(e.params.missingProperty)}"` };
  if (e.keyword === "enum") {
    const node = loaded.root ? locate(loaded.root, at).node : undefined;
    const shown = node && node.kind === "string" ? JSON.stringify(node.value) : "this value";
    return { at, message: `${shown} is not one of ${(e.params.allowedValues as string[]).map((v) => `"${v}"`).join(", ")}` };
  }
  return { at, message: `${at || "the file"} ${schemaWords(e)}` };
}

/**
 * ajv's words for the other keywords the settings schema uses, made from the error's params (the
 * build leaves ajv's own message texts out of the generated validator: scripts/build.mjs).
 */
function schemaWords(e: NonNullable<ValidateFn["errors"]>[number]): string {
  const p = e.params;
  switch (e.keyword) {
    case "type":
      return `must be ${String(p.type)}`;
    case "minLength":
      return `must NOT have fewer than ${String(p.limit)} characters`;
    case "minItems":
      return `must NOT have fewer than ${String(p.limit)} items`;
    case "minimum":
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Finds the nearest project config above `configPath`, stopping at a repository root. */
export function findProjectConfig(configPath: string, cache?: Map<string, string | undefined>): string | undefined {
  let dir = dirname(resolve(configPath));
  // With a cache (one per run), each directory is looked at once: the answer holds for all below it.
  const walked: string[] = [];
  const answer = (found: string | undefined) => {
    for (const d of walked) cache?.set(d, found);
    return found;
  };
  for (;;) {
    if (cache?.has(dir)) return answer(cache.get(dir));
    walked.push(dir);
    const candidate = join(dir, PROJECT_CONFIG_NAME);
    if (existsSync(candidate)) return answer(candidate);
    if (isDir(join(dir, ".git"))) return answer(undefined);
    const up = dirname(dir);
    if (up === dir) return answer(undefined);
    dir = up;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// A settings file's path map, deployments, TLS proxies and glob lists, read and compiled once per run:
// a directory of n configs under a settings file of n of each compiled and copied them all again for
// every config (2,000 by 2,000: 114 s and 3 GB). Kept by the settings check, so nothing outlives it.
const prepared = new WeakMap<ProjectConfigCheck, Prepared>();

interface Prepared {
  pathMap: PathMapEntry[];
  ignore?: (path: string) => boolean;
  deployments: { names: string[]; index: GlobIndex };
  tlsProxies: { proxies: TlsProxy[]; index: GlobIndex };
  overrides: GlobIndex;
}

function prepare(check: ProjectConfigCheck, c: ProjectConfig): Prepared {
  let p = prepared.get(check);
  if (!p) {
    const deployments = Object.entries(c.deployments ?? {});
    const proxies = c.tlsProxies ?? [];
    p = {
      // Taken pair by pair (a key may hold "="); keys that are not absolute are the settings check's finding.
      pathMap: Object.entries(c.pathMap ?? {})
        .filter(([from, to]) => from.startsWith("/") && to !== "")
        .map(([from, to]) => pathMapEntry(from, to, check.dir)),
      ignore: c.ignore?.length ? globList(c.ignore) : undefined,
      deployments: { names: deployments.map(([name]) => name), index: new GlobIndex(deployments.map(([, globs]) => globs)) },
      tlsProxies: {
        proxies: proxies.map((x) => ({ listeners: x.listeners ?? [], hosts: x.hosts ?? [], by: x.by, clientCertificates: x.clientCertificates ?? false })),
        index: new GlobIndex(proxies.map((x) => x.files)),
      },
      overrides: new GlobIndex((c.overrides ?? []).map((o) => o.files)),
    };
    prepared.set(check, p);
  }
  return p;
}

/** Resolves the settings for one NativeLink config (overrides in order, later winning). */
export function settingsFor(check: ProjectConfigCheck, configPath: string): FileSettings {
  const c = check.config;
  const out: FileSettings = { ignored: false, envFiles: [], rules: {}, tlsProxies: [], pathMap: [] };
  if (!c) return out;
  const p = prepare(check, c);
  out.pathMap = p.pathMap.slice();
  const rel = relative(check.dir, resolve(configPath)).split(sep).join("/");
  out.ignored = Boolean(p.ignore?.(rel));
  out.profile = c.profile;
  out.envFiles = (c.envFiles ?? []).map((f) => resolve(check.dir, f));
  out.expiryWarnDays = c.expiryWarnDays;
  out.cwd = c.cwd ? resolve(check.dir, c.cwd) : undefined;
  out.reportUnusedSuppressions = c.reportUnusedSuppressions;
  Object.assign(out.rules, c.rules);
  const deployment = p.deployments.index.matching(rel)[0];
  out.deployment = deployment === undefined ? undefined : p.deployments.names[deployment];
  for (const i of p.tlsProxies.index.matching(rel)) out.tlsProxies.push(p.tlsProxies.proxies[i]!);
  const overrides = c.overrides ?? [];
  for (const i of p.overrides.matching(rel)) {
    const o = overrides[i]!;
    if (o.profile) out.profile = o.profile;
    if (o.envFiles) out.envFiles = o.envFiles.map((f) => resolve(check.dir, f));
    if (o.expiryWarnDays !== undefined) out.expiryWarnDays = o.expiryWarnDays;
    Object.assign(out.rules, o.rules);
  }
  return out;
}
