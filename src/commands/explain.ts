// `explain <rule-id>`: why a rule exists, how to fix what it reports, and its examples.
import type { Argv } from "yargs";
import type { RunIO } from "../cli.ts";
import { UsageError } from "../types.ts";
import { writeReport } from "./output.ts";

export const command = "explain <rule-id>";
export const describe = "explain a rule: why it exists, how to fix it, its examples";

export function builder(y: Argv): Argv {
  return y
    .positional("rule-id", { type: "string", describe: "a rule id, as `rules` lists them" })
    .option("format", { alias: "f", type: "string", choices: ["human", "json"], default: "human", describe: "output format (json: the rule's metadata)" })
    .option("output", { alias: "o", type: "string", requiresArg: true, describe: "write it to FILE (- for stdout)" });
}

export async function run(argv: { "rule-id"?: string; format?: string; output?: string }, io: RunIO): Promise<number> {
  const { RULES } = await import("../../rules/index.ts");
  const { explainText } = await import("../info.ts");
  const { closest } = await import("../normalize.ts");
  const id = String(argv["rule-id"]);
  const rule = RULES.find((r) => r.meta.id === id);
  const { isNetworkCheck, NETWORK_CHECKS } = await import("../connect/ids.ts");
  if (!rule && isNetworkCheck(id)) {
    const c = (await import("../rule-docs.ts")).networkCheckDocs(id);
    const meta = { id, category: "network", severity: c.severity, summary: c.summary, why: c.why, fix: c.fix, reportedBy: "check --connect" };
    const text = `${id} (network, ${c.severity}): ${c.summary}\n\nReported only by check --connect, which dials the endpoints the configs name.\n\nWhy: ${c.why}\n\nFix: ${c.fix}\n`;
    writeReport(io, argv.output, argv.format === "json" ? JSON.stringify(meta, null, 2) + "\n" : text);
    return 0;
  }
  if (!rule) {
    const guess = closest(id, [...RULES.map((r) => r.meta.id), ...Object.keys(NETWORK_CHECKS)]);
    throw new UsageError(`no rule "${id}"${guess ? `; did you mean "${guess}"?` : ""} (nativelink-preflight rules lists them)`);
  }
  const meta = (await import("../rule-docs.ts")).documented(rule.meta);
  writeReport(io, argv.output, argv.format === "json" ? JSON.stringify(meta, null, 2) + "\n" : explainText(meta));
  return 0;
}
