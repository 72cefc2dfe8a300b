// What `check` says about the graph when it checks several configs: one line in the human report,
// the Mermaid diagram in GitHub's job summary (--format github and the Action).
import { appendFileSync } from "node:fs";
import type { Deployment } from "../context.ts";
import type { Finding } from "../types.ts";
import type { Redactor } from "../report/redact.ts";
import { deploymentGraph, graphCounts } from "./model.ts";
import { shellQuote } from "../tls/openssl.ts";

/** `graph: N configs, M edges, K broken`, and the command that draws it; nothing when there is no edge. */
export function graphLine(deployments: readonly Deployment[], findings: readonly Finding[], args: { _: (string | number)[]; hostMap?: string[]; cwd?: string }, width?: number): string {
  return graphLineOf(graphCounts(deployments.map(deploymentGraph), findings), args, width);
}

/** The same line from the counts of the graphs (a run that let its deployments go counted them as it went). */
export function graphLineOf({ configs, edges, broken }: { configs: number; edges: number; broken: number }, args: { _: (string | number)[]; hostMap?: string[]; cwd?: string }, width?: number): string {
  // Configs that never dial each other have no graph worth drawing: say nothing.
  if (edges === 0) return "";
  const words = ["nativelink-preflight", "graph"];
  if (args.cwd) words.push("--cwd", args.cwd);
  for (const h of args.hostMap ?? []) words.push("--host-map", h);
  words.push(...args._.map(String));
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  const command = [...words.map(shellQuote), "--format", "svg", "-o", "deployment.svg"];
  const head = `graph: ${n(configs, "config")}, ${n(edges, "edge")}, ${broken} broken; draw it:`;
  const oneLine = `${head} ${command.join(" ")}`;
  if (width === undefined || Array.from(oneLine).length <= width) return oneLine + "\n";
  // Too wide for the terminal: the command on lines of its own, joined by shell line continuations,
  // so that it still pastes as one command.
  const lines: string[] = [];
  let line = "  ";
  for (const word of command) {
    if (line.trim() !== "" && Array.from(line).length + 1 + Array.from(word).length + 2 > width) {
      lines.push(line + " \\");
      line = "    ";
    }
    line += (line.trim() === "" ? "" : " ") + word;
  }
  lines.push(line);
  return `${head}\n${lines.join("\n")}\n`;
}

/** The diagram as Markdown, secrets hidden by the run's redactor. */
export async function graphMarkdown(deployments: readonly Deployment[], findings: readonly Finding[], redactor?: Redactor): Promise<string> {
  const { graphView } = await import("./view.ts");
  const { mermaidMarkdown } = await import("./mermaid.ts");
  const view = graphView(deployments.map(deploymentGraph), findings, redactor ? (s) => redactor.text(s) : undefined);
  return mermaidMarkdown(view);
}

/**
 * Appends the diagram to $GITHUB_STEP_SUMMARY, when the runner gives one; a diagram the summary has
 * no room left for (GitHub drops a step's whole summary past 1 MiB) is a line saying so instead.
 */
export async function appendGraphSummary(io: { env: NodeJS.ProcessEnv; stderr: (s: string) => void }, deployments: readonly Deployment[], findings: readonly Finding[], redactor?: Redactor): Promise<void> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    const { summaryRoom, SUMMARY_DROPPED } = await import("../report/github.ts");
    const diagram = "\n" + (await graphMarkdown(deployments, findings, redactor));
    const room = summaryRoom(file);
    const size = Buffer.byteLength(diagram, "utf8");
    const text = size <= room ? diagram : `\nThe deployment diagram (${size} bytes) is left out: ${SUMMARY_DROPPED}; \`nativelink-preflight graph\` draws it.\n`;
    if (Buffer.byteLength(text, "utf8") <= room) appendFileSync(file, text);
  } catch {
    io.stderr(`nativelink-preflight: cannot append to GITHUB_STEP_SUMMARY (${file})\n`);
  }
}
