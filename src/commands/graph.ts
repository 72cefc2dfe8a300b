// `graph`: the deployment the checks saw, drawn (Mermaid, DOT or SVG), with the findings on it; with
// --certs, every certificate of the deployment on a timeline. Loaded only for this command.
import type { Argv, Options } from "yargs";
import { collect, OPTIONS, toCheckArgs, type OptionSpec, type RunIO } from "../cli.ts";
import { writeReport } from "./output.ts";

export const command = "graph [files..]";
export const describe = "draw the deployment: who dials whom, over what, trusting which CA, with the findings on it";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg"] as const;

/** check's options that do not shape a report (format, -q, --max-warnings are the report's). */
const SHARED = Object.entries(OPTIONS as Record<string, OptionSpec>).filter(([name]) => !["format", "quiet", "max-warnings", "report-unused-suppressions"].includes(name));

export function builder(y: Argv): Argv {
  for (const [name, o] of SHARED) {
    const opt: Options = { type: o.type, describe: name === "output" ? "write the drawing to FILE instead of stdout (- is stdout)" : o.describe };
    if (o.short) opt.alias = o.short;
    if (o.choices) opt.choices = [...o.choices];
    if (o.shownDefault !== undefined) opt.defaultDescription = o.shownDefault;
    if (o.type === "string") {
      opt.requiresArg = true;
      opt.nargs = 1;
    }
    if (o.multiple) opt.coerce = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
    else if (o.type === "string") opt.coerce = (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1]) : String(v));
    y.option(name, opt);
  }
  return y
    .option("format", {
      alias: "f",
      type: "string",
      choices: [...GRAPH_FORMATS],
      defaultDescription: "mermaid",
      requiresArg: true,
      coerce: (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1]) : String(v)),
      describe: "mermaid (GitHub renders it in Markdown), dot (Graphviz) or svg (opens in any browser)",
    })
    .option("certs", { type: "boolean", describe: "draw every certificate of the deployment on a timeline instead (mermaid gantt or svg): --at and today marked, the --expiry-warn-days window shaded" })
    .positional("files", { type: "string", array: true, describe: "config files, directories or globs, as for check" })
    .epilogue("Red: an error on that listener, client, connection or config, amber: a warning; each carries its rule ids. Exit code 0 when drawn (the findings are on the drawing; check gives them in full), 2 on a usage error.");
}

export async function run(argv: Record<string, unknown>, files: string[], io: RunIO): Promise<number> {
  const format = (argv.format as (typeof GRAPH_FORMATS)[number] | undefined) ?? "mermaid";
  if (argv.certs && format === "dot") throw new (await import("../types.ts")).UsageError("--certs draws a timeline: use --format mermaid or svg");
  const args = toCheckArgs({ ...(argv as Record<string, string | boolean | string[] | undefined>), format: undefined }, files);
  const { findings, deployments, redactor } = await collect(args, io);
  const { deploymentGraph } = await import("../graph/model.ts");
  const graphs = deployments.map(deploymentGraph);
  const clean = (s: string) => redactor.text(s);
  let text: string;
  if (argv.certs) {
    const { certRows, certsGantt, certsSvg } = await import("../graph/certs.ts");
    const at = args.at ? new Date(args.at) : new Date();
    // The window shaded: the one the configs were checked with (--expiry-warn-days, else their
    // settings file's); where settings differ between configs, the widest.
    const windows = deployments.flatMap((d) => d.configs.map((c) => c.expiryWarnDays ?? 30));
    const opts = { at, atGiven: args.at !== undefined, today: new Date(), warnDays: args["expiry-warn-days"] ?? windows.reduce((a, b) => Math.max(a, b), windows.length ? 0 : 30) };
    const rows = certRows(graphs, opts, clean);
    text = format === "svg" ? certsSvg(rows, opts) : certsGantt(rows, opts);
  } else {
    const { graphView } = await import("../graph/view.ts");
    const view = graphView(graphs, findings, clean);
    if (format === "dot") text = (await import("../graph/dot.ts")).toDot(view);
    else if (format === "svg") text = (await import("../graph/svg.ts")).toSvg(view);
    else text = (await import("../graph/mermaid.ts")).toMermaid(view);
  }
  writeReport(io, args.output, text);
  return 0;
}
