// Command-line front end: parses arguments, runs the engine, prints a report, sets the exit code.
import { existsSync, lstatSync } from "node:fs";
import { basename, dirname, normalize, relative, resolve, sep } from "node:path";
import { isIP } from "./ip-literal.ts";
import { VERSION } from "./generated/version.ts";
import { CORE_RULES } from "./generated/rules-core.ts";
import type { Finding, Rule, RuleMeta } from "./types.ts";
import { ToolError, UsageError } from "./types.ts";
import { buildEnv, type EnvFileCache } from "./env.ts";
import { expandInputs } from "./inputs.ts";
import { loadConfigFile } from "./load.ts";
import { looksLikeNativeLinkConfig } from "./sniff.ts";
import { checkDeployment, checkProjectConfigFile, deploymentOf, finishCheck, prepareCheck, sortFindings, type EngineOptions, type PreparedCheck } from "./engine.ts";
import { gitTrackedFast } from "./git-index.ts";
import { findProjectConfig, loadProjectConfig, PROJECT_CONFIG_NAME, settingsFor, type FileSettings, type ProjectConfigCheck } from "./project-config.ts";
import { RULE_IDS } from "./rule-ids.ts";
import { NETWORK_CHECKS } from "./connect/ids.ts";
import type { EnvLookup } from "./values/index.ts";
import type { FileView } from "./files.ts";
import { readHostUser } from "./host-users.ts";
import { parsePathMap } from "./path-map.ts";
import { currentUser } from "./host/where.ts";
import { HostProbe } from "./host/probe.ts";
import { readSystemdUnit } from "./host/systemd.ts";
import { PROFILES, type Deployment, type Profile } from "./context.ts";
import { humanPieces, summarize } from "./report/human.ts";
import { jsonPieces } from "./report/json.ts";
import { outputPath, writeReport } from "./commands/output.ts";
import type { RunStatus } from "./report/status.ts";
import { Redactor } from "./report/redact.ts";
import { groupBy, pushAll } from "./arrays.ts";
import { outputTo } from "./stdio.ts";
import { editDistance } from "./normalize.ts";

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
  /** The terminal's width, when stdout is one. */
  columns?: number;
}

/** Every option, once: drives parsing, validation and --help. */
export const OPTIONS = {
  format: { type: "string", short: "f", shownDefault: "human", choices: FORMATS, arg: "FMT", describe: "output format: human, json, sarif, github or junit" },
  output: { type: "string", short: "o", arg: "FILE", describe: "write the report to FILE instead of stdout (- is stdout)" },
  "target-env-file": { type: "string", multiple: true, arg: "FILE", describe: "KEY=VALUE file describing the target host's environment (repeatable)" },
  env: { type: "string", multiple: true, arg: "K=V", describe: "one variable of the target host's environment (repeatable)" },
  "lenient-env": { type: "boolean", describe: "treat unset ${VAR}s as warnings and skip the checks that need them" },
  cwd: { type: "string", arg: "DIR", describe: "NativeLink's working directory on the target host (default: .)" },
  profile: { type: "string", shownDefault: "production", choices: PROFILES, arg: "NAME", describe: "how strictly to apply the guides' security practices: development (infos), production (warnings; errors for what has no production use) or strict (errors)" },
  at: { type: "string", arg: "DATE", describe: "judge certificates at this date (ISO 8601) instead of now" },
  "expiry-warn-days": { type: "string", shownDefault: "30", arg: "N", describe: "warn when a certificate expires within N days" },
  "run-as": { type: "string", arg: "USER", describe: "the user NativeLink runs as, for file permission checks" },
  "max-warnings": { type: "string", arg: "N", describe: "exit 1 when there are more than N warnings" },
  quiet: { type: "boolean", short: "q", describe: "show errors only (warnings still count toward --max-warnings and the summary)" },
  "skip-non-configs": { type: "boolean", describe: "skip named files that do not look like NativeLink configs, as walks and globs do (the pre-commit hook sets it)" },
  deployment: { type: "boolean", describe: "check all the configs of the run as one deployment (default: configs of one directory, or of one settings-file group); --no-deployment: check each config on its own" },
  "host-map": { type: "string", multiple: true, arg: "HOST=CONFIG", describe: "the config that serves a host name used in URIs, as given on the command line (repeatable)" },
  config: { type: "string", short: "c", arg: "FILE", describe: "use this settings file instead of the nearest .nativelink-preflight.json5" },
  "report-unused-suppressions": { type: "boolean", describe: "report suppression comments that silence nothing (on by default when CI is set)" },
  // issue 12: live connection checks (src/connect/, loaded only with --connect)
  connect: { type: "boolean", describe: "also dial every endpoint the configs name (workers' worker_api_endpoint, grpc stores and schedulers, Redis, Mongo, cloud stores) and report what answers; read-only" },
  "connect-timeout": { type: "string", shownDefault: "5", arg: "SECS", describe: "with --connect: give each endpoint at most SECS seconds" },
  "connect-resolve": { type: "string", multiple: true, arg: "HOST=ADDR[:PORT]", describe: "with --connect: dial ADDR (and PORT) for HOST, as curl --resolve does; TLS still checks the certificate against HOST (repeatable)" },
  "connect-listeners": { type: "boolean", describe: "with --connect: also dial the configs' own listeners from this host" },
  verbose: { type: "boolean", describe: "with --connect: also report each endpoint that answered as it should (infos: \"connected: ...\")" },
  fix: { type: "boolean", describe: "first rewrite each config's old and deprecated forms the way `migrate --write` does (only changes that keep its meaning), then check it" },
  // Where the check runs (issue 11): on the target host, or elsewhere with files mapped into the repository.
  "on-host": { type: "boolean", describe: "check on the machine NativeLink will run on, for the --run-as user (default: the current user): every file the config names must exist, and the host checks run (ports, store and work directories, limits, namespaces, trust store, credentials); read-only" },
  "path-map": { type: "string", multiple: true, arg: "FROM=TO", describe: "read the files the config names under FROM (a directory on the target host) from TO on this machine (repeatable)" },
  "systemd-unit": { type: "string", arg: "FILE", describe: "with --on-host: the systemd unit NativeLink runs under (its LimitNOFILE and AmbientCapabilities)" },
} as const satisfies Record<string, OptionSpec>;

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in --help; the real default is applied after the settings file is read. */
  shownDefault?: string;
  choices?: readonly string[];
  arg?: string;
  describe: string;
}

/** What a settings file's `rules` may name: every rule, and the --connect checks (issue 12). */
const SETTING_IDS: readonly string[] = [...RULE_IDS, ...Object.keys(NETWORK_CHECKS)];

const COMMANDS = ["check", "rules", "explain", "schema", "graph", "migrate", "completion", "help"];

/** The whole command line, on yargs: one module per command, strict options per command. */
export async function parser(io: RunIO, defaultCommand: boolean) {
  const { default: yargs } = await import("yargs/yargs");
  const check = await import("./commands/check.ts");
  const rules = await import("./commands/rules.ts");
  const explain = await import("./commands/explain.ts");
  const schema = await import("./commands/schema.ts");
  // Only the command's options and help: its drawing code loads when it runs.
  const graph = await import("./commands/graph.ts");
  const migrate = await import("./commands/migrate.ts");
  const width = Math.min(Math.max(io.columns ?? 80, 60), 120);
  return yargs(io.argv)
    .scriptName("nativelink-preflight")
    .parserConfiguration({ "camel-case-expansion": false, "dot-notation": false, "parse-numbers": false, "parse-positional-numbers": false, "duplicate-arguments-array": true, "strip-aliased": true })
    .command(defaultCommand ? check.command : check.command[0]!, check.describe, check.builder)
    .command(rules.command, rules.describe, rules.builder)
    .command(explain.command, explain.describe, explain.builder)
    .command(schema.command, schema.describe, schema.builder)
    .command(graph.command, graph.describe, graph.builder)
    .command(migrate.command, migrate.describe, migrate.builder)
    .completion("completion", "print a bash or zsh completion script (nativelink-preflight completion >> ~/.bashrc)")
    .strict(defaultCommand)
    .help("help", "show this help (also: help <command>)")
    .alias("help", "h")
    .version("version", "print the version", VERSION)
    .epilogue(
      [
        "A directory means every *.json5 and *.json file under it, outside node_modules and dot-directories;",
        "files found by a walk or glob are checked only when they look like NativeLink configs.",
        "Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage error, 3 internal error.",
      ].join("\n"),
    )
    .wrap(width)
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      throw new UsageError(msg ?? err?.message ?? "usage error");
    });
}

/**
 * Node reads a file named by --env-file (or --env-file-if-exists) anywhere on its command line before
 * a `--`, as its own environment, NODE_OPTIONS included, before this tool starts; so the tool never
 * takes that option, and says what to use instead when it reaches it.
 */
export function nodeEnvFileOption(argv: readonly string[]): string | undefined {
  for (const a of argv) {
    if (a === "--") return undefined;
    if (/^--env-file(-if-exists)?(=|$)/.test(a)) return a.replace(/=.*$/s, "");
  }
  return undefined;
}

export async function run(io: RunIO): Promise<number> {
  // `help [command]` is the command's --help.
  if (io.argv[0] === "help") io = { ...io, argv: [...io.argv.slice(1), "--help"] };
  const nodeOption = nodeEnvFileOption(io.argv);
  if (nodeOption) {
    return usage(
      io,
      `${nodeOption} is Node.js's own option: Node reads that file as its own environment (and runs what NODE_OPTIONS in it names) before this tool starts. ` +
        "Name the target host's environment with --target-env-file FILE",
    );
  }
  // `--version` alone is yargs' answer (test/lazy-builtins.test.ts compares them), without loading yargs.
  if (io.argv.length === 1 && io.argv[0] === "--version") {
    io.stdout(VERSION + "\n");
    return 0;
  }
  let output = "";
  let argv: Record<string, unknown>;
  const plain = plainCheckLine(io.argv);
  if (plain) argv = plain;
  else try {
    // `completion` is asked of a parser without the default command, which would take it for a file.
    const y = await parser(io, io.argv[0] !== "completion");
    argv = (await y.parseAsync(io.argv, {}, (_err: unknown, _argv: unknown, out: string) => void (output = out)));
  } catch (e) {
    if (e instanceof UsageError) return usage(io, yargsWords(e.message, io.argv));
    throw e;
  }
  // --help, --version and completion requests: yargs wrote their text to `output`.
  if (output) {
    io.stdout(output.endsWith("\n") ? output : output + "\n");
    return 0;
  }
  // Operands after `--` are files whatever they look like; yargs leaves them in `_`.
  const dash = io.argv.indexOf("--");
  const afterDash = dash >= 0 ? io.argv.slice(dash + 1) : [];
  const words = (argv._ as unknown[]).slice(0, (argv._ as unknown[]).length - afterDash.length);
  const cmd = typeof words[0] === "string" ? words[0] : "check";
  const dashes = dashOperands(io.argv.slice(0, dash >= 0 ? dash : undefined), argv);
  if (dashes > 0 && (cmd === "check" || cmd === "graph" || cmd === "migrate")) {
    return usage(io, "`-` (standard input) is not read: give the config's file name (a file named - is ./- or follows --)");
  }
  try {
    if (cmd === "rules") return await (await import("./commands/rules.ts")).run(argv, io);
    if (cmd === "explain") return await (await import("./commands/explain.ts")).run(argv, io);
    if (cmd === "schema") return await (await import("./commands/schema.ts")).run(argv, io);
    if (cmd === "migrate") return await (await import("./commands/migrate.ts")).run(argv, io);
    if (cmd === "completion") return 0;
    const files = [...((argv.files as string[] | undefined) ?? []).map(String), ...afterDash];
    if (cmd === "graph") return await (await import("./commands/graph.ts")).run(argv, files, io);
    const typo = commandTypo(files[0], io.cwd);
    if (typo) return usage(io, typo);
    if (argv.color !== undefined) io = { ...io, env: { ...io.env, NO_COLOR: argv.color ? "" : "1", FORCE_COLOR: argv.color ? "1" : "0" } };
    return await check(toCheckArgs(argv as Record<string, string | boolean | string[] | undefined>, files), io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e.message);
    throw e;
  }
}

/** Options a plain check line may carry: what yargs makes of them needs no yargs (see plainCheckLine). */
const PLAIN_VALUES = new Set(["--format", "--cwd", "--run-as", "--systemd-unit"]);
const PLAIN_FLAGS = new Set(["--quiet", "--skip-non-configs", "--on-host"]);

/**
 * The parsed options of a command line that is only config operands and a few plain options
 * (`--format json`, `--cwd DIR`, `--quiet`, `--skip-non-configs`, and the host check's `--on-host`,
 * `--run-as USER`, `--systemd-unit FILE`, each at most once), as yargs would
 * parse it; undefined for anything else, which goes to yargs. Loading and building yargs is a tenth
 * of a one-config run, and this is the line of the pre-commit hook and of most scripts. Operands
 * that yargs could read otherwise (a leading "-", "true"/"false" after a flag, a command name first,
 * an empty word) are left to it.
 */
export function plainCheckLine(args: readonly string[]): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = { _: [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "" || a === "true" || a === "false") return undefined;
    if (!a.startsWith("-")) {
      if (files.length === 0 && COMMANDS.includes(a)) return undefined;
      files.push(a);
      continue;
    }
    const name = a.slice(2);
    if (values[name] !== undefined) return undefined;
    if (PLAIN_FLAGS.has(a)) values[name] = true;
    else if (PLAIN_VALUES.has(a)) {
      const v = args[++i];
      if (v === undefined || v === "" || v.startsWith("-")) return undefined;
      if (name === "format" && !(FORMATS as readonly string[]).includes(v)) return undefined;
      values[name] = v;
    } else return undefined;
  }
  if (files.length === 0) return undefined;
  values.files = files;
  return values;
}

/**
 * How many lone `-` words of the command line (before `--`) are operands: yargs drops such an
 * operand from the files without a word, so `check - a.json5` would check a.json5 alone. A `-` that
 * is an option's value (`-o -`: the report to stdout) is not one.
 */
export function dashOperands(words: readonly string[], argv: Record<string, unknown>): number {
  let values = 0;
  for (const [key, v] of Object.entries(argv)) {
    if (key === "_" || key === "$0" || key === "files") continue;
    if (v === "-") values++;
    else if (Array.isArray(v)) values += v.filter((x) => x === "-").length;
  }
  // `--output=-` is a value too, but not a lone `-` word.
  const joined = words.filter((w) => /^-[^=]*=-$/.test(w)).length;
  return words.filter((w) => w === "-").length - (values - joined);
}

/** A first operand that is no file but is one typo away from a command ("rulez"), said as such. */
function commandTypo(first: string | undefined, cwd: string): string | undefined {
  if (first === undefined || /[/\\.*?[\]{}]/.test(first) || existsSync(resolve(cwd, first))) return undefined;
  const guess = COMMANDS.find((c) => c !== first && editDistance(first.toLowerCase(), c) <= 2);
  return guess ? `unknown command "${first}"; did you mean "${guess}"? (a config file of that name does not exist either)` : undefined;
}

/** yargs' messages, in this tool's voice. */
function yargsWords(message: string, args: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(", ");
    const options = names.filter((n) => args.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}` || a === `--no-${n}`));
    const extra = names.filter((n) => !options.includes(n));
    const parts = [];
    if (options.length) parts.push(`unknown option ${options.map((a) => (a.length === 1 ? `-${a}` : `--${a}`)).join(", ")}`);
    if (extra.length) parts.push(`unexpected argument ${extra.map((a) => `"${a}"`).join(", ")}`);
    return parts.join("; ");
  }
  const choice = /^Invalid values:\s*Argument: ([\w-]+), Given: "([^"]*)", Choices: (.*)$/s.exec(message);
  if (choice) return `--${choice[1]} must be one of ${choice[3]!.replace(/"/g, "")}, not "${choice[2]}"`;
  const missing = /^Not enough arguments following: (.*)$/.exec(message);
  if (missing) return `--${missing[1]} needs a value`;
  const positional = /^Not enough non-option arguments: got 0, need at least 1$/.exec(message);
  if (positional) return args[0] === "migrate" ? "give at least one config file to migrate" : "explain takes one rule id";
  return message.replace(/\n\s*/g, " ");
}

export function toCheckArgs(v: Record<string, string | boolean | string[] | undefined>, positionals: string[]): CheckArgs {
  const num = (name: string): number | undefined => {
    const s = v[name];
    if (s === undefined) return undefined;
    // Decimal digits only: Number() would also take 0x10, 1e3 and " 5 ", which no one means here.
    const n = typeof s === "string" && /^[0-9]+$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} takes a whole number >= 0, not "${String(s)}"`);
    return n;
  };
  return {
    _: positionals,
    format: (v.format as Format | undefined) ?? "human",
    config: v.config as string | undefined,
    reportUnused: v["report-unused-suppressions"] ? true : undefined,
    deployment: typeof v.deployment === "boolean" ? v.deployment : undefined,
    skipNonConfigs: Boolean(v["skip-non-configs"]),
    hostMap: (v["host-map"] as string[] | undefined) ?? [],
    output: v.output as string | undefined,
    "env-file": (v["target-env-file"] as string[] | undefined) ?? [],
    env: (v.env as string[] | undefined) ?? [],
    "lenient-env": Boolean(v["lenient-env"]),
    cwd: v.cwd as string | undefined,
    profile: v.profile as Profile | undefined,
    at: v.at as string | undefined,
    "expiry-warn-days": num("expiry-warn-days"),
    "run-as": v["run-as"] as string | undefined,
    "max-warnings": num("max-warnings"),
    quiet: Boolean(v.quiet),
    ...connectArgs(v),
    fix: Boolean(v.fix),
    onHost: Boolean(v["on-host"]),
    pathMap: (v["path-map"] as string[] | undefined) ?? [],
    systemdUnit: v["systemd-unit"] as string | undefined,
  };
}

/** --connect and its options (issue 12). */
function connectArgs(v: Record<string, string | boolean | string[] | undefined>): Pick<CheckArgs, "connect"> {
  const t = v["connect-timeout"];
  const secs = t === undefined ? 5 : Number(t);
  if (typeof t === "string" && (t.trim() === "" || !Number.isFinite(secs) || secs <= 0)) throw new UsageError(`--connect-timeout takes a number of seconds > 0, not "${t}"`);
  if (!v.connect) {
    for (const o of ["connect-timeout", "connect-listeners", "connect-resolve"]) if (v[o] !== undefined) throw new UsageError(`--${o} needs --connect`);
    return {};
  }
  const resolveMap = new Map<string, { address: string; port?: number }>();
  for (const r of (v["connect-resolve"] as string[] | undefined) ?? []) {
    const m = /^([^=]+)=(\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+)(?::(\d{1,5}))?$/.exec(r);
    const port = m?.[3] === undefined ? undefined : Number(m[3]);
    if (!m || !isIP(m[2]!.replace(/^\[|\]$/g, "")) || (port !== undefined && (port < 1 || port > 65535))) throw new UsageError(`--connect-resolve expects HOST=ADDR or HOST=ADDR:PORT with an IP address, got "${r}"`);
    resolveMap.set(m[1]!.toLowerCase(), { address: m[2]!.replace(/^\[|\]$/g, ""), port });
  }
  return { connect: { timeoutMs: Math.round(secs * 1000), listeners: Boolean(v["connect-listeners"]), verbose: Boolean(v.verbose), resolve: resolveMap } };
}

export interface CheckArgs {
  _: (string | number)[];
  format: Format;
  config?: string;
  reportUnused?: boolean;
  /** true: the whole run is one deployment; false: no deployment checks; undefined: group by directory or settings. */
  deployment?: boolean;
  /** Sniff named files too, as walks and globs do (what the pre-commit hook passes). */
  skipNonConfigs?: boolean;
  /** Without --cwd, resolve each config's relative paths against its own directory (the Action's default). */
  cwdPerConfig?: boolean;
  hostMap?: string[];
  output?: string;
  /** --target-env-file (the Action's env-file input). */
  "env-file": string[];
  /** How errors about those files name where they came from (default "--target-env-file"). */
  envFileOption?: string;
  env: string[];
  "lenient-env": boolean;
  cwd?: string;
  profile?: Profile;
  at?: string;
  "expiry-warn-days"?: number;
  "run-as"?: string;
  "max-warnings"?: number;
  quiet: boolean;
  /** --connect: dial the endpoints (issue 12). */
  connect?: { timeoutMs: number; listeners: boolean; verbose: boolean; concurrency?: number; resolve?: Map<string, { address: string; port?: number }> };
  /** --fix: apply the meaning-keeping fixes (migrate's steps) to the files before checking them. */
  fix?: boolean;
  /** --on-host: host checks for the run-as user; every named file must exist. */
  onHost?: boolean;
  /** --path-map FROM=TO pairs (the Action's path-map input). */
  pathMap?: string[];
  systemdUnit?: string;
}

export interface Collected {
  findings: Finding[];
  /** Every config named (after expanding directories and globs). */
  files: string[];
  /** How many of them were checked (not ignored by a settings file). */
  checked: number;
  /** How many JSON files found by a walk or glob (or passed by the hook) were skipped as not NativeLink configs. */
  skipped: number;
  /** Which files were checked and which skipped, as named. */
  checkedFiles: string[];
  skippedFiles: string[];
  /** The text of every file read (configs and settings files), for code frames: nothing is read twice. */
  sources: Map<string, string>;
  /** Knows the run's secrets; `findings` have been through it, code frames go through `redactor.line`. */
  redactor: Redactor;
  /** The deployments of the run (one per group; a lone config is one too), as the deployment rules saw them. */
  deployments: Deployment[];
  /** With collect()'s `graphCounts`: the counts of the deployment graphs (their deployments were let go). */
  graph?: GraphTally;
}

/** Whether this process ran a check (the launcher keeps a code cache of such a run: see bin/). */
let checkRan = false;
export const ranCheck = (): boolean => checkRan;

async function check(args: CheckArgs, io: RunIO): Promise<number> {
  checkRan = true;
  const toFile = outputPath(io, args.output) !== undefined;
  // Only the GitHub format's job summary (which draws the deployments) needs them after the rules ran.
  const collected: Partial<Collected> & Omit<Collected, "deployments"> = await collect(args, io, { release: args.format !== "github" || !io.env.GITHUB_STEP_SUMMARY, graphCounts: args.format === "human" });
  const { findings, files, checked, skipped, sources, redactor } = collected;
  // -q hides warnings and infos from display only: the counts and the exit code still see them.
  const shown = args.quiet ? findings.filter((f) => f.severity === "error") : findings;
  const status: RunStatus = { counts: summarize(findings), maxWarnings: args["max-warnings"] };
  if (args.onHost) status.onHost = { runAs: runAsUser(args) ?? "" };
  // Several configs: the deployment's graph, counted in the human report, drawn in GitHub's job summary.
  const deployed = collected.graph?.configs ?? (collected.deployments ?? []).reduce((n, d) => n + d.configs.length, 0);
  const graph = deployed > 1 && (args.format === "human" || args.format === "github") ? await import("./graph/summary.ts") : undefined;
  const width = columns(io, !toFile && io.isTTY);
  const graphText = graph && args.format === "human" ? (collected.graph ? graph.graphLineOf(collected.graph, args, width) : graph.graphLine(collected.deployments ?? [], findings, args, width)) : "";
  // The documents, walks and models of the configs are not needed to write the report (GitHub's
  // summary, written after it, still draws them): let them go before the report is made.
  if (args.format !== "github") delete collected.deployments;
  const report = await render(args.format, shown, files, checked, skipped, sources, io, !toFile && io.isTTY, status, redactor);
  if (graph && args.format === "github") await graph.appendGraphSummary(io, collected.deployments ?? [], findings, redactor);
  writeReport(
    io,
    args.output,
    (function* () {
      yield* report;
      if (graphText) yield graphText;
    })(),
  );
  // A report written to a file still leaves its one-line summary on the terminal.
  if (toFile && io.isTTY) io.stderr(summaryLine(status, checked) + "\n");
  return exitCode(findings, args["max-warnings"]);
}

function summaryLine(status: RunStatus, checked: number): string {
  const { errors, warnings, infos } = status.counts;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `nativelink-preflight: ${n(errors, "error")}, ${n(warnings, "warning")}${infos ? `, ${n(infos, "info")}` : ""} in ${n(checked, "file")} checked`;
}

export function exitCode(findings: Finding[], maxWarnings?: number): number {
  const s = summarize(findings);
  if (s.errors > 0) return 1;
  if (maxWarnings !== undefined && s.warnings > maxWarnings) return 1;
  return 0;
}

/** How much of the run collect() keeps for its caller. */
export interface CollectOptions {
  /**
   * Let each deployment's documents, walks and models go as soon as its rules have run, instead of
   * keeping every one to the end: a report needs only the findings (and, for the human format, the
   * graph's counts). Not with --connect or --host-map, which need every config at the end.
   */
  release?: boolean;
  /** With `release`: count each deployment's graph as it goes (the human report's graph line). */
  graphCounts?: boolean;
}

/** Configs, edges and broken edges of the run's deployment graphs, and how many configs they hold. */
export interface GraphTally {
  configs: number;
  edges: number;
  broken: number;
}

/** A file of the run, with what its settings say about it. */
type Planned =
  | { kind: "settings"; f: string }
  | { kind: "ignored" }
  | { kind: "config"; f: string; abs: string; settings?: FileSettings; project?: ProjectConfigCheck; group: string };

interface Pending {
  /** Its place in the run's order of files. */
  seq: number;
  prepared: PreparedCheck;
  group: string;
  opts: EngineOptions;
}

/** Expands the operands, applies settings files, and checks every config. */
export async function collect(args: CheckArgs, io: RunIO, how: CollectOptions = {}): Promise<Collected> {
  const operands = args._.map(String);
  if (operands.length === 0) throw new UsageError("give at least one config file, directory or glob");
  const now = args.at ? parseDate(args.at) : new Date();
  const { files, discovered } = await expandInputs(operands, io.cwd);
  const explicitConfig = args.config ? resolve(io.cwd, args.config) : undefined;
  // A dangling link or a loop is reported by the settings file's own check, as any unreadable file is.
  if (explicitConfig && !existsSync(explicitConfig) && !isLink(explicitConfig)) throw new UsageError(`--config: no such file ${args.config}`);
  const projects = new Map<string, ProjectConfigCheck>();
  /** Settings file of each directory looked at (a walk of 1,000 configs asks about few directories). */
  const settingsFiles = new Map<string, string | undefined>();
  const fileCache = new Map<string, FileView>();
  const runAs = runAsUser(args);
  const hostUser = runAs ? readHostUser(runAs) : undefined;
  if (args.systemdUnit && !args.onHost) throw new UsageError("--systemd-unit is read by the host checks: add --on-host");
  const systemdUnit = args.systemdUnit ? readSystemdUnit(resolve(io.cwd, args.systemdUnit), args.systemdUnit) : undefined;
  const cliPathMap = parsePathMap(args.pathMap ?? [], io.cwd);
  const hostProbe = args.onHost ? new HostProbe() : undefined;
  const redactor = new Redactor();
  let findings: Finding[] = [];
  const checkedFiles: string[] = [];
  const skippedFiles: string[] = [];
  const sources = new Map<string, string>();
  /**
   * The target environment of each list of env files, by the settings file's cache of them (none for
   * --target-env-file): built once per run, as the configs of a directory share one. Each config read
   * and copied its env files again: 800 configs and a file of 40,000 variables took 26 s.
   */
  const envs = new Map<EnvFileCache | undefined, Map<string, EnvLookup>>();
  const release = Boolean(how.release) && !args.connect && !args.hostMap?.length;
  // Each file's settings first: a deployment can then be checked, and let go, after its last file.
  const plans: Planned[] = files.map((f) => {
    const abs = resolve(io.cwd, f);
    if (basename(abs) === PROJECT_CONFIG_NAME) {
      // Named on the command line (e.g. by a pre-commit hook): check it as a settings file.
      if (!projects.has(abs)) {
        const project = loadProjectConfig(abs, f, SETTING_IDS);
        projects.set(abs, project);
        pushAll(findings, checkProjectConfigFile(project, baseOptions(args, io, now, undefined, { get: () => undefined })));
      }
      return { kind: "settings", f };
    }
    const projectPath = explicitConfig ?? findProjectConfig(abs, settingsFiles);
    let project: ProjectConfigCheck | undefined;
    if (projectPath) {
      project = projects.get(projectPath);
      if (!project) {
        project = loadProjectConfig(projectPath, relative(io.cwd, projectPath) || projectPath, SETTING_IDS);
        projects.set(projectPath, project);
        pushAll(findings, checkProjectConfigFile(project, baseOptions(args, io, now, undefined, { get: () => undefined })));
      }
    }
    const settings = project ? settingsFor(project, abs) : undefined;
    if (settings?.ignored) return { kind: "ignored" };
    // A settings-file group, else the directory: configs of other environments are not peers.
    // --no-deployment: each config is a deployment of its own, drawn (by `graph`) but never checked as one.
    const group =
      args.deployment === false ? `own\u0000${f}` : args.deployment ? "run" : settings?.deployment !== undefined ? `settings\u0000${project!.dir}\u0000${settings.deployment}` : `dir\u0000${dirname(abs)}`;
    return { kind: "config", f, abs, settings, project, group };
  });
  /** The last file of each deployment: once it is done, so is the deployment (when released). */
  const lastOf = new Map<string, number>();
  plans.forEach((p, i) => p.kind === "config" && lastOf.set(p.group, i));
  const pending = new Map<string, Pending[]>();
  const deployments: Deployment[] = [];
  const tally: GraphTally | undefined = release && how.graphCounts ? { configs: 0, edges: 0, broken: 0 } : undefined;
  // One config alone is never drawn (nor counted).
  const graphModel = tally && plans.filter((p) => p.kind === "config").length > 1 ? await import("./graph/model.ts") : undefined;
  const hostMap = release ? new Map<string, string>() : undefined;
  for (const [i, plan] of plans.entries()) {
    if (plan.kind === "settings") checkedFiles.push(plan.f);
    if (plan.kind === "config") {
      const { f, abs, settings, project, group } = plan;
      // --fix rewrites the configs the run checks (not those the settings file ignores), then checks them.
      if (args.fix) await (await import("./commands/migrate.ts")).fixFile(f, abs, Boolean(args.skipNonConfigs) || discovered.has(f), io);
      // Walks, globs and the hook see every JSON file; only NativeLink configs are checked.
      const loaded = args.skipNonConfigs || discovered.has(f) ? loadConfigFile(f, abs, true) : undefined;
      if (loaded && !looksLikeNativeLinkConfig(loaded)) skippedFiles.push(f);
      else {
        checkedFiles.push(f);
        const envFiles = args["env-file"].length ? args["env-file"].map((e) => resolve(io.cwd, e)) : (settings?.envFiles ?? []);
        // Env files named by a settings file were read by its check, which reported their problems there.
        const known = args["env-file"].length ? undefined : project?.envFiles;
        let built = envs.get(known);
        if (!built) envs.set(known, (built = new Map<string, EnvLookup>()));
        const key = envFiles.join("\0");
        let target = built.get(key);
        if (!target) built.set(key, (target = buildEnv(envFiles, args.env, io.env, known, args.envFileOption)));
        const env = redactor.watch(target);
        const opts = { ...baseOptions(args, io, now, settings, env), fileCache, hostUser, systemdUnit, hostProbe, pathMap: [...cliPathMap, ...(settings?.pathMap ?? [])] };
        // The Action's default: NativeLink runs from each config's own directory.
        if (args.cwdPerConfig && !args.cwd && !settings?.cwd) opts.cwd = dirname(abs);
        // Rules run once every config of the deployment is read: git is then asked once about the keys of all of them.
        const prepared = await prepareCheck(loaded ?? loadConfigFile(f, resolve(opts.cwdForInputs ?? io.cwd, f)), opts);
        if (prepared.ctx.load.text !== undefined) sources.set(prepared.ctx.file, prepared.ctx.load.text);
        const list = pending.get(group);
        if (list) list.push({ seq: i, prepared, group, opts });
        else pending.set(group, [{ seq: i, prepared, group, opts }]);
      }
    }
    if (!release && i < plans.length - 1) continue;
    // The deployments whose last file this was (all of them at the end, when not released).
    const closing = release ? (plan.kind === "config" && lastOf.get(plan.group) === i ? plan.group : undefined) : undefined;
    if (release && closing === undefined) continue;
    const batch = closing !== undefined ? (pending.get(closing) ?? []) : [...pending.values()].flat().sort((a, b) => a.seq - b.seq);
    if (closing !== undefined) pending.delete(closing);
    // Released, the batch is one deployment: its findings are those added from here on.
    const firstOfBatch = findings.length;
    const members = await finishAll(batch, io.cwd, args.format, findings);
    const groups = groupBy(members, (m) => m.group);
    const runHostMap = hostMap ?? resolveHostMap(parseHostMap(args.hostMap ?? []), members.map((m) => m.prepared.ctx.file), io.cwd);
    for (const group of groups.values()) {
      const ctxs = group.map((m) => m.prepared.ctx);
      const dep = deploymentOf(ctxs, runHostMap);
      // A config checked alone is never faulted for peers that are not in the run (unless --deployment).
      const own = args.deployment === false || (group.length < 2 && !args.deployment) ? [] : await checkDeployment(ctxs, runHostMap, group[0]!.opts, dep);
      pushAll(findings, own);
      if (!release) deployments.push(dep);
      else if (tally) {
        tally.configs += dep.configs.length;
        if (graphModel) {
          const counts = graphModel.graphCounts([graphModel.deploymentGraph(dep)], findings.slice(firstOfBatch));
          tally.edges += counts.edges;
          tally.broken += counts.broken;
        }
      }
    }
    if (!release && args.connect) {
      // Loaded only here: a check without --connect pays nothing for it.
      const { connectFindings } = await import("./connect/index.ts");
      const severities = new Map(members.map((m) => [m.prepared.ctx.file, m.opts.severities]));
      pushAll(findings, await connectFindings(members.map((m) => m.prepared.ctx), runHostMap, { ...args.connect, concurrency: args.connect.concurrency ?? 64, now, severitiesFor: (file) => severities.get(file) }));
    }
  }
  findings = sortFindings(findings);
  for (const p of projects.values()) if (p.loaded.text !== undefined) sources.set(p.loaded.file, p.loaded.text);
  // The report boundary: nothing config-derived leaves collect() without passing the redactor.
  for (const text of sources.values()) redactor.learn(text);
  return { findings: redactor.findings(findings), files, checked: checkedFiles.length, skipped: skippedFiles.length, checkedFiles, skippedFiles, sources, redactor, deployments, graph: tally };
}

/**
 * Runs the rules of prepared configs, in order, asking git once about the keys of all of them, and
 * adds their findings to `findings`.
 */
async function finishAll(list: Pending[], cwd: string, format: Format, findings: Finding[]): Promise<Pending[]> {
  const gitKeys = list.flatMap((p) => p.prepared.gitKeys ?? []);
  const tracked = gitKeys.length ? (list[0]!.opts.gitTracked ?? gitTrackedFast)([...new Set(gitKeys)], cwd) : new Set<string>();
  for (const { prepared, opts } of list) {
    if (prepared.gitKeys) prepared.ctx.host = { ...prepared.ctx.host, gitTracked: tracked };
    const checkedFile = await finishCheck(prepared, opts);
    // The config's own rules have run: what is left to do (deployment rules, the graph, --connect)
    // reads the model, not the walk, whose side maps are most of a large config's memory.
    checkedFile.ctx.normalized = undefined;
    // Fixes (migrate steps) ride along in the formats that carry them.
    pushAll(findings, format === "json" || format === "sarif" ? (await import("./migrate/fixes.ts")).attachFixes(checkedFile.findings, checkedFile.ctx.load) : checkedFile.findings);
  }
  return list;
}

/** The rules that need the TLS layer, imported (once, by the module system) when a config has TLS settings. */
async function loadTlsRules(): Promise<readonly Rule[]> {
  return (await import("./generated/rules-tls.ts")).TLS_RULES;
}

/** Every rule's metadata with its documentation, for reports that describe the rules (SARIF, JUnit). */
async function allRuleMetas(): Promise<RuleMeta[]> {
  const { documented } = await import("./rule-docs.ts");
  return (await import("../rules/index.ts")).RULES.map((r) => documented(r.meta));
}

/** --run-as, or with --on-host the user running the check. */
function runAsUser(args: CheckArgs): string | undefined {
  return args["run-as"] ?? (args.onHost ? currentUser() : undefined);
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
    runAs: runAsUser(args),
    onHost: args.onHost,
    reportUnusedSuppressions: args.reportUnused ?? settings?.reportUnusedSuppressions ?? Boolean(io.env.CI && io.env.CI !== "false"),
    tlsProxies: settings?.tlsProxies,
  };
}

/** The report, in pieces that are written as they are made (src/report/chunks.ts). */
export async function render(format: Format, findings: Finding[], files: string[], checked: number, skipped: number, sources: Map<string, string>, io: RunIO, tty: boolean, status: RunStatus, redactor: Redactor): Promise<Iterable<string>> {
  switch (format) {
    case "json":
      return jsonPieces(findings, checked, skipped, status);
    case "sarif": {
      const { sarifPieces } = await import("./report/sarif.ts");
      return sarifPieces(findings, { rules: await allRuleMetas(), toolVersion: VERSION, informationUri: "https://github.com/nativelink-preflight/nativelink-preflight", cwd: io.cwd, docsBaseUri: "https://github.com/nativelink-preflight/nativelink-preflight/blob/main/docs/rules/", status });
    }
    case "github": {
      const { appendSummary, formatGithub, summaryBytes } = await import("./report/github.ts");
      const summaryFile = io.env.GITHUB_STEP_SUMMARY;
      const report = formatGithub(findings, { status, summaryBytes: summaryBytes(summaryFile) });
      if (summaryFile) {
        try {
          appendSummary(summaryFile, report.summaryMarkdown, io.stderr);
        } catch {
          io.stderr(`nativelink-preflight: cannot append to GITHUB_STEP_SUMMARY (${summaryFile})\n`);
        }
      }
      return [report.commands];
    }
    case "junit": {
      const { junitPieces } = await import("./report/junit.ts");
      return junitPieces(findings, { files, rules: await allRuleMetas(), status });
    }
    default: {
      return humanPieces(findings, { sources, color: useColor(io.env, tty), filesChecked: checked, filesSkipped: skipped, width: columns(io, tty), status, redactLine: (line) => redactor.line(line) });
    }
  }
}

/** NO_COLOR (any value) and TERM=dumb turn colour off, FORCE_COLOR=0 too; another FORCE_COLOR turns it on. */
export function useColor(env: NodeJS.ProcessEnv, tty: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.TERM === "dumb") return false;
  return tty;
}

/** The terminal's width; COLUMNS when output is not a terminal; else none (no wrapping, for logs and files). */
function columns(io: RunIO, tty: boolean): number | undefined {
  if (tty && io.columns && io.columns > 0) return io.columns;
  const n = Number(io.env.COLUMNS);
  return Number.isInteger(n) && n > 0 ? n : tty ? 80 : undefined;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
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
export function resolveHostMap(pairs: [string, string][], files: string[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  // The run's configs by their absolute path and by every trailing part of it, made once: each
  // entry looked through every config before (quadratic with a --host-map per config).
  const abs = files.map((f) => resolve(cwd, f));
  const byAbs = new Map<string, string[]>();
  files.forEach((f, i) => {
    const at = byAbs.get(abs[i]!);
    if (at) at.push(f);
    else byAbs.set(abs[i]!, [f]);
  });
  let byTail: Map<string, string[]> | undefined;
  const tailsOf = () => {
    const index = new Map<string, string[]>();
    files.forEach((f, n) => {
      const parts = abs[n]!.split(sep);
      for (let i = parts.length - 1, tail = ""; i >= 1; i--) {
        tail = tail === "" ? parts[i]! : parts[i]! + sep + tail;
        const at = index.get(tail);
        if (at) at.push(f);
        else index.set(tail, [f]);
      }
    });
    return index;
  };
  for (const [host, name] of pairs) {
    let hits = byAbs.get(resolve(cwd, name)) ?? [];
    if (hits.length === 0) {
      const tail = normalize(name).split(sep).filter((x) => x !== "" && x !== ".").join(sep);
      hits = tail === "" ? [] : ((byTail ??= tailsOf()).get(tail) ?? []);
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
  const stdout = outputTo(1);
  const io: RunIO = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout,
    stderr: outputTo(2),
    // A descriptor written directly is a pipe, a file or /dev/null: no terminal.
    isTTY: stdout.direct ? false : stdoutIsTTY(),
    columns: stdout.direct ? undefined : process.stdout.columns,
  };
  let code: number;
  try {
    code = await run(io);
  } catch (e) {
    const err = e as Partial<Error>;
    io.stderr(
      `nativelink-preflight: internal error: ${err instanceof ToolError ? err.message : (err.message ?? String(e)).split("\n")[0]}\n` +
        `This is a bug in nativelink-preflight, not in your config. Please report it at ${ISSUES_URL}\n`,
    );
    if (process.env.NATIVELINK_PREFLIGHT_DEBUG) io.stderr(String(err.stack) + "\n");
    code = err instanceof ToolError ? 3 : 3;
  }
  process.exitCode = code;
}

/** process.stdout.isTTY is undefined, not false, when stdout is not a terminal, whatever @types/node says. */
function stdoutIsTTY(): boolean {
  const tty: unknown = process.stdout.isTTY;
  return tty === true;
}
