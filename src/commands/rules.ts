// `rules`: every rule with its default severity, category and summary.
import type { Argv } from "yargs";
import type { RunIO } from "../cli.ts";
import { writeReport } from "./output.ts";

export const command = "rules";
export const describe = "list every rule with its default severity and category";

export function builder(y: Argv): Argv {
  return y
    .option("format", { alias: "f", type: "string", choices: ["human", "json"], default: "human", describe: "output format" })
    .option("output", { alias: "o", type: "string", requiresArg: true, describe: "write the list to FILE (- for stdout)" });
}

export async function run(argv: { format?: string; output?: string }, io: RunIO): Promise<number> {
  const { RULES } = await import("../../rules/index.ts");
  const { documented } = await import("../rule-docs.ts");
  const metas = RULES.map((r) => documented(r.meta));
  let text: string;
  if (argv.format === "json") {
    text = JSON.stringify(metas.map((m) => ({ id: m.id, severity: m.severity, category: m.category, summary: m.summary })), null, 2) + "\n";
  } else {
    const w = Math.max(...metas.map((m) => m.id.length));
    text = metas.map((m) => `${m.id.padEnd(w)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.summary}\n`).join("");
  }
  writeReport(io, argv.output, text);
  return 0;
}
