// Runs the engine on config text with a controlled environment, for tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkDeployment, checkLoaded, checkProjectConfigFile, checkTextWithContext, type EngineOptions } from "../../src/engine.ts";
import { parseConfigText } from "../../src/load.ts";
import { loadProjectConfig, PROJECT_CONFIG_NAME } from "../../src/project-config.ts";
import { RULE_IDS } from "../../src/rule-ids.ts";
import { RULES } from "../../rules/index.ts";
import type { Finding } from "../../src/types.ts";
import type { Profile } from "../../src/context.ts";
import { Redactor } from "../../src/report/redact.ts";
import { HostProbe, REAL_ROOTS, type ProbeRoots } from "../../src/host/probe.ts";
import { currentUser } from "../../src/host/where.ts";

export interface LintOpts {
  env?: Record<string, string>;
  profile?: Profile;
  now?: Date;
  cwd?: string;
  lenientEnv?: boolean;
  file?: string;
  only?: string;
  /** The rules to run (default: every rule, or the one `only` names). */
  rules?: EngineOptions["rules"];
  encoding?: "utf8" | "latin1";
  reportUnusedSuppressions?: boolean;
  severities?: Record<string, "error" | "warning" | "info" | "off">;
  /** Mode of the config file, as if read from disk (e.g. 0o100644). */
  mode?: number;
  /** Paths (absolute, or relative to cwd) a git index holds; default: nothing is tracked (tests never ask the real git). */
  gitTracked?: string[];
  /** --run-as (resolved against this host's /etc/passwd and /etc/group). */
  runAs?: string;
  /** Settings-file tlsProxies entries that apply to the config. */
  tlsProxies?: EngineOptions["tlsProxies"];
  /** --on-host (the run-as user defaults to the one running the tests). */
  onHost?: boolean;
  /** Where the host probe reads /proc, /sys and /etc (default: the real ones). */
  hostRoots?: ProbeRoots;
  /** --path-map entries, already parsed. */
  pathMap?: EngineOptions["pathMap"];
  systemdUnit?: EngineOptions["systemdUnit"];
}

/** A fake git index for tests: exactly these paths (resolved against cwd) are tracked. */
export function fakeGit(paths: string[] | undefined, cwd: string): (asked: string[]) => Set<string> {
  const tracked = new Set((paths ?? []).map((p) => resolve(cwd, p)));
  return (asked) => new Set(asked.filter((p) => tracked.has(p)));
}

/** Engine options for tests: a fixed clock, the given environment, a fake git. */
function engineOptions(o: LintOpts, redactor: Redactor): EngineOptions {
  const env = o.env ?? {};
  return {
    env: redactor.watch({ get: (k: string) => env[k] }),
    rules: o.rules ?? (o.only ? RULES.filter((r) => r.meta.id === o.only) : RULES),
    profile: o.profile ?? "production",
    now: o.now ?? new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv: o.lenientEnv ?? false,
    cwd: o.cwd ?? "/",
    reportUnusedSuppressions: o.reportUnusedSuppressions ?? true,
    severities: o.severities,
    gitTracked: fakeGit(o.gitTracked, o.cwd ?? "/"),
    runAs: o.runAs ?? (o.onHost ? currentUser() : undefined),
    tlsProxies: o.tlsProxies,
    fileCache: new Map(),
    onHost: o.onHost,
    hostProbe: o.onHost ? new HostProbe(o.hostRoots ?? REAL_ROOTS) : undefined,
    pathMap: o.pathMap,
    systemdUnit: o.systemdUnit,
  };
}

/** Findings as every report shows them: through the redactor the CLI applies (src/report/redact.ts). */
export async function lint(text: string, o: LintOpts = {}): Promise<Finding[]> {
  const file = o.file ?? "config.json5";
  const loaded = parseConfigText({ file, path: file, comments: [], mode: o.mode }, o.encoding === "latin1" ? Buffer.from(text, "latin1") : Buffer.from(text, "utf8"));
  const redactor = new Redactor();
  const findings = await checkLoaded(loaded, engineOptions(o, redactor));
  redactor.learn(text);
  return redactor.findings(findings);
}

/**
 * Checks several configs as one deployment: each file's own findings, then the deployment rules'.
 * `files` maps file names to JSON5 text; findings carry those names.
 */
export async function lintDeployment(files: Record<string, string>, o: LintOpts & { hostMap?: Record<string, string> } = {}): Promise<Finding[]> {
  const redactor = new Redactor();
  const opts = engineOptions(o, redactor);
  const out: Finding[] = [];
  const contexts = [];
  for (const [name, text] of Object.entries(files)) {
    const r = await checkTextWithContext(text, name, opts);
    out.push(...r.findings);
    contexts.push(r.ctx);
  }
  out.push(...await checkDeployment(contexts, new Map(Object.entries(o.hostMap ?? {}).map(([k, v]) => [k.toLowerCase(), v])), opts));
  for (const text of Object.values(files)) redactor.learn(text);
  return redactor.findings(out);
}

/** Checks text as a .nativelink-preflight.json5 settings file. */
export function lintProjectConfig(text: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), "nlp-settings-"));
  const path = join(dir, PROJECT_CONFIG_NAME);
  writeFileSync(path, text);
  const check = loadProjectConfig(path, PROJECT_CONFIG_NAME, RULE_IDS);
  return Promise.resolve(checkProjectConfigFile(check, {
    env: { get: () => undefined },
    rules: RULES,
    profile: "production",
    now: new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv: false,
    cwd: dir,
  }));
}

/** `line:col message` lines, the shape rule tests assert on. */
export function lines(findings: Finding[], ruleId?: string): string[] {
  return findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.line}:${f.column} ${f.message}`);
}

/** `line:col-endLine:endCol message` lines: the exact span each finding underlines. */
export function spans(findings: Finding[], ruleId?: string): string[] {
  return findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
}
export { firstOf } from "./first.ts";
