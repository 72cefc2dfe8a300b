// GitHub Action entry: reads the INPUT_* variables, writes annotations, the job summary, a SARIF
// file and the step outputs exactly as the runner expects, and fails the step per `fail-on`.
import { appendFileSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { VERSION } from "./generated/version.ts";
import { collect, toCheckArgs, type RunIO } from "./cli.ts";
import { formatGithub, escapeData } from "./report/github.ts";
import { formatSarif } from "./report/sarif.ts";
import { summarize } from "./report/human.ts";
import { UsageError } from "./types.ts";
import { PROFILES } from "./context.ts";

/** The runner turns input `env-file` into INPUT_ENV-FILE: upper case, spaces to underscores. */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function list(s: string): string[] {
  return s.split(/[\s]+/).filter(Boolean);
}

export async function runAction(env: NodeJS.ProcessEnv, write: (s: string) => void): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  try {
    const files = list(input(env, "files"));
    if (files.length === 0) throw new UsageError("the `files` input is required: paths, directories or globs of NativeLink configs");
    const failOn = input(env, "fail-on") || "error";
    if (failOn !== "error" && failOn !== "warning") throw new UsageError(`fail-on must be "error" or "warning", not "${failOn}"`);
    const values: Record<string, string | boolean | string[] | undefined> = {
      profile: input(env, "profile") || undefined,
      "env-file": list(input(env, "env-file")),
      at: input(env, "at") || undefined,
      "expiry-warn-days": input(env, "expiry-warn-days") || undefined,
      config: input(env, "config") || undefined,
    };
    if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile as string)) {
      throw new UsageError(`profile must be one of ${PROFILES.join(", ")}, not "${values.profile}"`);
    }
    const io: RunIO = { argv: [], env, cwd: workspace, stdout: write, stderr: write, isTTY: false };
    const { findings } = await collect(toCheckArgs(values, files), io);

    const { commands, summaryMarkdown } = formatGithub(findings);
    write(commands);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summaryMarkdown);
    const sarifFile = input(env, "sarif-file") || "nativelink-preflight.sarif";
    writeFileSync(
      resolve(workspace, sarifFile),
      formatSarif(findings, { rules: (await import("../rules/index.ts")).RULES.map((r) => r.meta), toolVersion: VERSION, informationUri: "https://github.com/nativelink-preflight/nativelink-preflight", cwd: workspace }),
    );
    const s = summarize(findings);
    setOutputs(env, { errors: String(s.errors), warnings: String(s.warnings), "sarif-file": sarifFile });
    write(`nativelink-preflight: ${s.errors} error(s), ${s.warnings} warning(s); SARIF written to ${sarifFile}\n`);
    return s.errors > 0 || (failOn === "warning" && s.warnings > 0) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      write(`::error title=nativelink-preflight::${escapeData(e.message)}\n`);
      return 2;
    }
    throw e;
  }
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
