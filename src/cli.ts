// Command-line front end: parses arguments, runs the engine, prints a report, sets the exit code.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { existsSync, writeFileSync } from "node:fs";
import { basename, dirname, normalize, relative, resolve, sep } from "node:path";
import { VERSION } from "./generated/version.ts";
import { CORE_RULES } from "./generated/rules-core.ts";
import type { Finding, Rule, RuleMeta, Severity } from "./types.ts";
import { ToolError, UsageError } from "./types.ts";
import { buildEnv } from "./env.ts";
import { expandInputs } from "./inputs.ts";
import { checkDeployment, checkFileWithContext, checkProjectConfigFile, sortFindings, type EngineOptions } from "./engine.ts";
import { findProjectConfig, loadProjectConfig, PROJECT_CONFIG_NAME, settingsFor, type FileSettings, type ProjectConfigCheck } from "./project-config.ts";
import { RULE_IDS } from "./rule-ids.ts";
import type { EnvLookup } from "./values/index.ts";
import type { FileView } from "./files.ts";
import { readHostUser } from "./host-users.ts";
import { PROFILES, type Profile, type RuleContext } from "./context.ts";
import { formatHuman, summarize } from "./report/human.ts";
import { formatJson } from "./report/json.ts";

const ISSUES_URL = "https://github.com/nativelink-preflight/nativelink-preflight/issues";
const FORMATS = ["human", "json", "sarif", "github", "junit"] as const;
type Format = (typeof FORMATS)[number];

export interface RunIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

/** Every option, once: drives parsing, validation and --help. */
const OPTIONS = {
  format: { type: "string", short: "f", shownDefault: "human", choices: FORMATS, arg: "FMT", describe: "output format: human, json, sarif, github or junit" },
  output: { type: "string", short: "o", arg: "FILE", describe: "write the report to FILE instead of stdout" },
  "env-file": { type: "string", multiple: true, arg: "FILE", describe: "KEY=VALUE file describing the target host's environment (repeatable)" },
  env: { type: "string", multiple: true, arg: "K=V", describe: "one variable of the target host's environment (repeatable)" },
  "lenient-env": { type: "boolean", describe: "treat unset ${VAR}s as warnings and skip the checks that need them" },
  cwd: { type: "string", arg: "DIR", describe: "NativeLink's working directory on the target host (default: .)" },
  profile: { type: "string", shownDefault: "production", choices: PROFILES, arg: "NAME", describe: "how strictly to apply the guides' security practices: development (infos), production (warnings; errors for what has no production use) or strict (errors)" },
  at: { type: "string", arg: "DATE", describe: "judge certificates at this date (ISO 8601) instead of now" },
  "expiry-warn-days": { type: "string", shownDefault: "30", arg: "N", describe: "warn when a certificate expires within N days" },
  "run-as": { type: "string", arg: "USER", describe: "the user NativeLink runs as, for file permission checks" },
  "max-warnings": { type: "string", arg: "N", describe: "exit 1 when there are more than N warnings" },
  quiet: { type: "boolean", short: "q", describe: "report errors only" },
  deployment: { type: "boolean", describe: "check all the configs of the run as one deployment (default: configs of one directory, or of one settings-file group)" },
  "no-deployment": { type: "boolean", describe: "check each config on its own, never as part of a deployment" },
  "host-map": { type: "string", multiple: true, arg: "HOST=CONFIG", describe: "the config that serves a host name used in URIs, as given on the command line (repeatable)" },
  config: { type: "string", short: "c", arg: "FILE", describe: "use this settings file instead of the nearest .nativelink-preflight.json5" },
  "report-unused-suppressions": { type: "boolean", describe: "report suppression comments that silence nothing (on by default when CI is set)" },
  help: { type: "boolean", short: "h", describe: "show this help" },
  version: { type: "boolean", describe: "print the version" },
} as const satisfies Record<string, OptionSpec>;

interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in --help; the real default is applied after the settings file is read. */
  shownDefault?: string;
  choices?: readonly string[];
  arg?: string;
  describe: string;
}

function helpText(): string {
  const lines = [
    "Usage: nativelink-preflight [check] <file|dir|glob>... [options]",
    "       nativelink-preflight rules [--format json]",
    "       nativelink-preflight explain <rule-id>",
    "       nativelink-preflight schema",
    "",
    "Check NativeLink configs, and the certificates and keys they name, before you deploy them.",
    "A directory means every *.json5 and *.json file under it.",
    "",
    "Options:",
  ];
  for (const [name, o] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    lines.push(`  ${flag.padEnd(30)} ${o.describe}${o.shownDefault !== undefined ? ` [default: ${o.shownDefault}]` : ""}`);
  }
  lines.push("", "Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage error, 3 internal error.", "");
  return lines.join("\n");
}

export async function run(io: RunIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: io.argv,
      options: Object.fromEntries(
        Object.entries(OPTIONS as Record<string, OptionSpec>).map(([k, o]) => [
          k,
          Object.fromEntries(Object.entries({ type: o.type, short: o.short, multiple: o.multiple }).filter(([, x]) => x !== undefined)),
        ]),
      ) as unknown as ParseArgsConfig["options"],
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usage(io, (e as Error).message.replace(/^Unknown option '([^']*)'.*$/s, "unknown option $1"));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    io.stdout(helpText());
    return 0;
  }
  if (values.version) {
    io.stdout(VERSION + "\n");
    return 0;
  }
  for (const [k, o] of Object.entries(OPTIONS as Record<string, OptionSpec>)) {
    const v = values[k];
    if (o.choices && typeof v === "string" && !o.choices.includes(v)) return usage(io, `--${k} must be one of ${o.choices.join(", ")}, not "${v}"`);
  }
  let positionals = parsed.positionals;
  if (positionals[0] === "check") positionals = positionals.slice(1);
  const cmd = positionals[0];
  if (cmd === "rules" || cmd === "explain" || cmd === "schema") {
    const { runInfoCommand } = await import("./info.ts");
    if (cmd === "explain" && positionals.length !== 2) return usage(io, "explain takes one rule id");
    return runInfoCommand(cmd, { format: values.format ?? "human", id: positionals[1] }, io);
  }
  try {
    return await check(toCheckArgs(values, positionals), io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e.message);
    throw e;
  }
}

export function toCheckArgs(v: Record<string, string | boolean | string[] | undefined>, positionals: string[]): CheckArgs {
  const num = (name: string): number | undefined => {
    const s = v[name];
    if (s === undefined) return undefined;
    const n = Number(s);
    if (typeof s !== "string" || s.trim() === "" || !Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new UsageError(`--${name} takes a whole number >= 0, not "${s}"`);
    return n;
  };
  return {
    _: positionals,
    format: (v.format as Format | undefined) ?? "human",
    config: v.config as string | undefined,
    reportUnused: v["report-unused-suppressions"] ? true : undefined,
    deployment: deploymentFlag(v.deployment, v["no-deployment"]),
    hostMap: (v["host-map"] as string[] | undefined) ?? [],
    output: v.output as string | undefined,
    "env-file": (v["env-file"] as string[] | undefined) ?? [],
    env: (v.env as string[] | undefined) ?? [],
    "lenient-env": Boolean(v["lenient-env"]),
    cwd: v.cwd as string | undefined,
    profile: v.profile as Profile | undefined,
    at: v.at as string | undefined,
    "expiry-warn-days": num("expiry-warn-days"),
    "run-as": v["run-as"] as string | undefined,
    "max-warnings": num("max-warnings"),
    quiet: Boolean(v.quiet),
  };
}

function deploymentFlag(on: unknown, off: unknown): boolean | undefined {
  if (on && off) throw new UsageError("give either --deployment or --no-deployment, not both");
  return on ? true : off ? false : undefined;
}

export interface CheckArgs {
  _: (string | number)[];
  format: Format;
  config?: string;
  reportUnused?: boolean;
  /** true: the whole run is one deployment; false: no deployment checks; undefined: group by directory or settings. */
  deployment?: boolean;
  hostMap?: string[];
  output?: string;
  "env-file": string[];
  env: string[];
  "lenient-env": boolean;
  cwd?: string;
  profile?: Profile;
  at?: string;
  "expiry-warn-days"?: number;
  "run-as"?: string;
  "max-warnings"?: number;
  quiet: boolean;
}

export interface Collected {
  findings: Finding[];
  /** Every config named (after expanding directories and globs). */
  files: string[];
  /** How many of them were checked (not ignored by a settings file). */
  checked: number;
  /** The text of every file read (configs and settings files), for code frames: nothing is read twice. */
  sources: Map<string, string>;
}

async function check(args: CheckArgs, io: RunIO): Promise<number> {
  const { findings, files, checked, sources } = await collect(args, io);
  const report = await render(args.format, findings, files, checked, sources, io, !args.output && io.isTTY);
  if (args.output) {
    try {
      writeFileSync(resolve(io.cwd, args.output), report);
    } catch (e) {
      throw new ToolError(`cannot write ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else {
    io.stdout(report);
  }
  return exitCode(findings, args["max-warnings"]);
}

export function exitCode(findings: Finding[], maxWarnings?: number): number {
  const s = summarize(findings);
  if (s.errors > 0) return 1;
  if (maxWarnings !== undefined && s.warnings > maxWarnings) return 1;
  return 0;
}

/** Expands the operands, applies settings files, and checks every config. */
export async function collect(args: CheckArgs, io: RunIO): Promise<Collected> {
  const operands = args._.map(String);
  if (operands.length === 0) throw new UsageError("give at least one config file, directory or glob");
  const now = args.at ? parseDate(args.at) : new Date();
  const files = await expandInputs(operands, io.cwd);
  const explicitConfig = args.config ? resolve(io.cwd, args.config) : undefined;
  if (explicitConfig && !existsSync(explicitConfig)) throw new UsageError(`--config: no such file ${args.config}`);
  const projects = new Map<string, ProjectConfigCheck>();
  const fileCache = new Map<string, FileView>();
  const contexts: RuleContext[] = [];
  /** Which deployment each checked config belongs to, and the options it was checked with. */
  const members: { ctx: RuleContext; group: string; opts: EngineOptions }[] = [];
  const hostUser = args["run-as"] ? readHostUser(args["run-as"]) : undefined;
  let findings: Finding[] = [];
  let checked = 0;
  for (const f of files) {
    const abs = resolve(io.cwd, f);
    if (basename(abs) === PROJECT_CONFIG_NAME) {
      // Named on the command line (e.g. by a pre-commit hook): check it as a settings file.
      if (!projects.has(abs)) {
        const project = loadProjectConfig(abs, f, RULE_IDS);
        projects.set(abs, project);
        findings.push(...checkProjectConfigFile(project, baseOptions(args, io, now, undefined, { get: () => undefined })));
      }
      checked++;
      continue;
    }
    const projectPath = explicitConfig ?? findProjectConfig(abs);
    let project: ProjectConfigCheck | undefined;
    if (projectPath) {
      project = projects.get(projectPath);
      if (!project) {
        project = loadProjectConfig(projectPath, relative(io.cwd, projectPath) || projectPath, RULE_IDS);
        projects.set(projectPath, project);
        findings.push(...checkProjectConfigFile(project, baseOptions(args, io, now, undefined, { get: () => undefined })));
      }
    }
    const settings = project ? settingsFor(project, abs) : undefined;
    if (settings?.ignored) continue;
    checked++;
    const envFiles = args["env-file"].length ? args["env-file"].map((e) => resolve(io.cwd, e)) : (settings?.envFiles ?? []);
    const env = buildEnv(envFiles, args.env, io.env);
    const opts = { ...baseOptions(args, io, now, settings, env), fileCache, hostUser };
    const checkedFile = await checkFileWithContext(f, opts);
    findings.push(...checkedFile.findings);
    contexts.push(checkedFile.ctx);
    // A settings-file group, else the directory: configs of other environments are not peers.
    const group = args.deployment ? "run" : settings?.deployment !== undefined ? `settings\u0000${project!.dir}\u0000${settings.deployment}` : `dir\u0000${dirname(abs)}`;
    members.push({ ctx: checkedFile.ctx, group, opts });
  }
  const hostMap = resolveHostMap(parseHostMap(args.hostMap ?? []), members.map((m) => m.ctx.file), io.cwd);
  if (args.deployment !== false) {
    const groups = new Map<string, typeof members>();
    for (const m of members) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    for (const group of groups.values()) {
      // A config checked alone is never faulted for peers that are not in the run (unless --deployment).
      if (group.length < 2 && !args.deployment) continue;
      findings.push(...(await checkDeployment(group.map((m) => m.ctx), hostMap, group[0]!.opts)));
    }
  }
  findings = sortFindings(findings);
  if (args.quiet) findings = findings.filter((f) => f.severity === "error");
  const sources = new Map<string, string>();
  for (const c of contexts) if (c.load.text !== undefined) sources.set(c.file, c.load.text);
  for (const p of projects.values()) if (p.loaded.text !== undefined) sources.set(p.loaded.file, p.loaded.text);
  return { findings, files, checked, sources };
}

/** The rules that need the TLS layer, imported (once, by the module system) when a config has TLS settings. */
async function loadTlsRules(): Promise<readonly Rule[]> {
  return (await import("./generated/rules-tls.ts")).TLS_RULES;
}

/** Every rule's metadata, for reports that describe the rules (SARIF, JUnit). */
async function allRuleMetas(): Promise<RuleMeta[]> {
  return (await import("../rules/index.ts")).RULES.map((r) => r.meta);
}

/** Command-line flags win over the settings file, which wins over the defaults. */
function baseOptions(args: CheckArgs, io: RunIO, now: Date, settings: FileSettings | undefined, env: EnvLookup): EngineOptions {
  return {
    env,
    rules: CORE_RULES,
    loadTlsRules,
    severities: settings?.rules ?? {},
    profile: args.profile ?? settings?.profile ?? "production",
    now,
    expiryWarnDays: args["expiry-warn-days"] ?? settings?.expiryWarnDays ?? 30,
    lenientEnv: args["lenient-env"],
    cwd: args.cwd ? resolve(io.cwd, args.cwd) : (settings?.cwd ?? io.cwd),
    cwdForInputs: io.cwd,
    runAs: args["run-as"],
    reportUnusedSuppressions: args.reportUnused ?? settings?.reportUnusedSuppressions ?? Boolean(io.env.CI && io.env.CI !== "false"),
    tlsProxies: settings?.tlsProxies,
  };
}

async function render(format: Format, findings: Finding[], files: string[], checked: number, sources: Map<string, string>, io: RunIO, tty: boolean): Promise<string> {
  switch (format) {
    case "json":
      return formatJson(findings, checked);
    case "sarif": {
      const { formatSarif } = await import("./report/sarif.ts");
      return formatSarif(findings, { rules: await allRuleMetas(), toolVersion: VERSION, informationUri: "https://github.com/nativelink-preflight/nativelink-preflight", cwd: io.cwd, docsBaseUri: "https://github.com/nativelink-preflight/nativelink-preflight/blob/main/docs/rules/" });
    }
    case "github": {
      const { formatGithub } = await import("./report/github.ts");
      const { commands, summaryMarkdown } = formatGithub(findings);
      const summaryFile = io.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        try {
          writeFileSync(summaryFile, summaryMarkdown, { flag: "a" });
        } catch {
          io.stderr(`nativelink-preflight: cannot append to GITHUB_STEP_SUMMARY (${summaryFile})\n`);
        }
      }
      return commands;
    }
    case "junit": {
      const { formatJunit } = await import("./report/junit.ts");
      return formatJunit(findings, { files, rules: await allRuleMetas() });
    }
    default: {
      const color = io.env.NO_COLOR ? false : io.env.FORCE_COLOR && io.env.FORCE_COLOR !== "0" ? true : tty;
      return formatHuman(findings, { sources, color, filesChecked: checked });
    }
  }
}

function parseHostMap(pairs: string[]): [host: string, config: string][] {
  const out: [string, string][] = [];
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0 || eq === p.length - 1) throw new UsageError(`--host-map expects HOST=CONFIG, got "${p}"`);
    out.push([p.slice(0, eq).toLowerCase(), p.slice(eq + 1)]);
  }
  return out;
}

/**
 * Each --host-map config, named as on the command line, as ./x or absolute (the same file), or by a
 * trailing part of its path that only one config of the run has, becomes the name the run knows it by.
 */
function resolveHostMap(pairs: [string, string][], files: string[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  const abs = files.map((f) => resolve(cwd, f));
  for (const [host, name] of pairs) {
    const target = resolve(cwd, name);
    let hits = files.filter((_, i) => abs[i] === target);
    if (hits.length === 0) {
      const tail = normalize(name).split(sep).filter((x) => x !== "" && x !== ".").join(sep);
      hits = tail === "" ? [] : files.filter((_, i) => abs[i]!.endsWith(sep + tail));
    }
    const unique = [...new Set(hits)];
    if (unique.length === 1) {
      out.set(host, unique[0]!);
      continue;
    }
    if (unique.length > 1) throw new UsageError(`--host-map ${host}=${name}: ${name} may be ${unique.join(" or ")}; give one of them`);
    const known = [...new Set(files)].sort();
    throw new UsageError(`--host-map ${host}=${name}: no config of the run is named ${name}; ${known.length ? `give one of ${known.join(", ")}` : "no config was checked"}`);
  }
  return out;
}

function parseDate(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--at: "${s}" is not a date (use ISO 8601, e.g. 2027-01-31 or 2027-01-31T12:00:00Z)`);
  return d;
}

function usage(io: RunIO, message: string): number {
  io.stderr(`nativelink-preflight: ${message}\nRun nativelink-preflight --help for usage.\n`);
  return 2;
}

export async function main(): Promise<void> {
  // A reader that goes away (`| head`) is not an error of ours: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: RunIO = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  };
  let code: number;
  try {
    code = await run(io);
  } catch (e) {
    const err = e as Error;
    io.stderr(
      `nativelink-preflight: internal error: ${err instanceof ToolError ? err.message : (err.message ?? String(err)).split("\n")[0]}\n` +
        `This is a bug in nativelink-preflight, not in your config. Please report it at ${ISSUES_URL}\n`,
    );
    if (process.env.NATIVELINK_PREFLIGHT_DEBUG) io.stderr(String(err.stack) + "\n");
    code = err instanceof ToolError ? 3 : 3;
  }
  process.exitCode = code;
}
