// GitHub Action entry: reads the INPUT_* variables, writes annotations, the job summary, a SARIF
// file and the step outputs exactly as the runner expects, and fails the step per `fail-on`.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { VERSION } from "./generated/version.ts";
import { collect, OPTIONS, toCheckArgs, type RunIO } from "./cli.ts";
import { appendSummary, formatGithub, escapeData, summaryBytes } from "./report/github.ts";
import { formatSarif, GITHUB_SARIF_RESULTS } from "./report/sarif.ts";
import { summarize } from "./report/human.ts";
import { UsageError, type RuleMeta } from "./types.ts";

/** The runner turns input `env-file` into INPUT_ENV-FILE: upper case, spaces to underscores. */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function list(s: string): string[] {
  return s.split(/[\s]+/).filter(Boolean);
}

/** Inputs that take true or false. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const v = input(env, name).toLowerCase();
  if (v === "") return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new UsageError(`--${name} must be true or false, not "${input(env, name)}"`);
}

/** The Action's inputs, named in errors as the workflow spells them (`max-warnings`, not `--max-warnings`). */
const INPUTS = ["files", "profile", "env-file", "fail-on", "sarif-file", "at", "expiry-warn-days", "config", "working-directory", "lenient-env", "host-map", "max-warnings", "deployment", "path-map"];

function inputWords(message: string): string {
  return message.replace(/--([a-z][a-z-]*)/g, (m, name: string) => (INPUTS.includes(name) ? `input \`${name}\`` : m));
}

const DOCS = "https://github.com/nativelink-preflight/nativelink-preflight/blob/main/docs/rules/";
const HOME = "https://github.com/nativelink-preflight/nativelink-preflight";

export async function runAction(env: NodeJS.ProcessEnv, write: (s: string) => void): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const sarifFile = input(env, "sarif-file") || "nativelink-preflight.sarif";
  const rules = async () => {
    const { documented } = await import("./rule-docs.ts");
    return (await import("../rules/index.ts")).RULES.map((r) => documented(r.meta));
  };
  /** The SARIF file is written on every path, so an `upload-sarif` step under `if: always()` has one. */
  const writeSarif = (text: string) => {
    const path = resolve(workspace, sarifFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  try {
    const files = list(input(env, "files"));
    if (files.length === 0) throw new UsageError("the `files` input is required: paths, directories or globs of NativeLink configs");
    const failOn = input(env, "fail-on") || "error";
    if (failOn !== "error" && failOn !== "warning") throw new UsageError(`fail-on must be "error" or "warning", not "${failOn}"`);
    const workingDirectory = input(env, "working-directory");
    const values: Record<string, string | boolean | string[] | undefined> = {
      profile: input(env, "profile") || undefined,
      "target-env-file": list(input(env, "env-file")),
      at: input(env, "at") || undefined,
      "expiry-warn-days": input(env, "expiry-warn-days") || undefined,
      config: input(env, "config") || undefined,
      cwd: workingDirectory || undefined,
      "lenient-env": flag(env, "lenient-env"),
      "host-map": list(input(env, "host-map")),
      "max-warnings": input(env, "max-warnings") || undefined,
      deployment: flag(env, "deployment"),
      // Files the configs name on the target host, found in the repository instead (never --on-host in CI).
      "path-map": list(input(env, "path-map")),
    };
    const profiles = OPTIONS.profile.choices as readonly string[];
    if (values.profile !== undefined && !profiles.includes(values.profile as string)) {
      throw new UsageError(`profile must be one of ${profiles.join(", ")}, not "${String(values.profile)}"`);
    }
    const io: RunIO = { argv: [], env, cwd: workspace, stdout: write, stderr: write, isTTY: false };
    const args = { ...toCheckArgs(values, files), cwdPerConfig: !workingDirectory, envFileOption: "the env-file input" };
    const { findings, checkedFiles, skippedFiles, deployments, redactor } = await collect(args, io);
    const counts = summarize(findings);
    const status = { counts, maxWarnings: args["max-warnings"] };

    const fullList = `The SARIF file (\`sarif-file\`) has them, up to the ${GITHUB_SARIF_RESULTS.toLocaleString("en-US")} results code scanning takes.`;
    const report = formatGithub(findings, { status, workspace, docsBaseUri: DOCS, files: { checked: checkedFiles, skipped: skippedFiles }, summaryBytes: summaryBytes(env.GITHUB_STEP_SUMMARY), fullList });
    write(report.commands);
    if (env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, report.summaryMarkdown, write);
    // More than one config: the deployment as a Mermaid diagram (GitHub renders it), findings on it.
    if (deployments.reduce((n, d) => n + d.configs.length, 0) > 1) await (await import("./graph/summary.ts")).appendGraphSummary({ env, stderr: write }, deployments, findings, redactor);
    writeSarif(formatSarif(findings, { rules: await rules(), toolVersion: VERSION, informationUri: HOME, cwd: workspace, docsBaseUri: DOCS, status, maxResults: GITHUB_SARIF_RESULTS }));
    setOutputs(env, { errors: String(counts.errors), warnings: String(counts.warnings), "sarif-file": sarifFile });
    write(`nativelink-preflight: ${counts.errors} error(s), ${counts.warnings} warning(s); SARIF written to ${sarifFile}\n`);
    const overLimit = status.maxWarnings !== undefined && counts.warnings > status.maxWarnings;
    return counts.errors > 0 || (failOn === "warning" && counts.warnings > 0) || overLimit ? 1 : 0;
  } catch (e) {
    const usage = e instanceof UsageError;
    const message = usage ? inputWords(e.message) : `internal error: ${String((e as Partial<Error>).message).split("\n")[0] ?? ""}`;
    // An internal error is announced by action-main, which also sets exit code 3.
    if (usage) write(`::error title=nativelink-preflight::${escapeData(message)}\n`);
    try {
      writeSarif(failedSarif(message, await rules()));
    } catch (w) {
      write(`::error title=nativelink-preflight::cannot write ${escapeData(sarifFile)}: ${escapeData(String((w as Partial<Error>).message))}\n`);
    }
    setOutputs(env, { errors: "0", warnings: "0", "sarif-file": sarifFile });
    if (usage) return 2;
    throw e;
  }
}

/** A valid SARIF log for a run that could not check anything: no results, and why, as a tool notification. */
function failedSarif(message: string, rules: RuleMeta[]): string {
  const log = JSON.parse(formatSarif([], { rules, toolVersion: VERSION, informationUri: HOME, docsBaseUri: DOCS })) as { runs: { invocations?: unknown }[] };
  const run = log.runs[0];
  if (run) run.invocations = [{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: message } }] }];
  return JSON.stringify(log, null, 2) + "\n";
}

/** Step outputs, in the runner's multi-line form so that no value can forge another output. */
function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  if (!env.GITHUB_OUTPUT) return;
  let text = "";
  for (const [k, v] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${k}<<${delimiter}\n${v}\n${delimiter}\n`;
  }
  appendFileSync(env.GITHUB_OUTPUT, text);
}
