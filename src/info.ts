// The informational commands: `rules`, `explain <id>` and `schema`.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { RULES } from "../rules/index.ts";
import type { RunIO } from "./cli.ts";
import type { RuleExample, RuleMeta } from "./types.ts";
import { closest } from "./normalize.ts";
import { describeReadFailure, readRegularFile } from "./read-bounded.ts";
import { ToolError } from "./types.ts";

export function runInfoCommand(cmd: string, args: Record<string, unknown>, io: RunIO): number {
  if (cmd === "rules") {
    const metas = RULES.map((r) => r.meta);
    if (args.format === "json") {
      io.stdout(JSON.stringify(metas.map((m) => ({ id: m.id, severity: m.severity, category: m.category, summary: m.summary })), null, 2) + "\n");
    } else {
      const w = Math.max(...metas.map((m) => m.id.length));
      for (const m of metas) io.stdout(`${m.id.padEnd(w)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.summary}\n`);
    }
    return 0;
  }
  if (cmd === "explain") {
    const id = String(args.id);
    const rule = RULES.find((r) => r.meta.id === id);
    if (!rule) {
      const guess = closest(id, RULES.map((r) => r.meta.id));
      io.stderr(`nativelink-preflight: no rule "${id}"${guess ? `; did you mean "${guess}"?` : ""}\nRun nativelink-preflight rules for the list.\n`);
      return 2;
    }
    io.stdout(explainText(rule.meta));
    return 0;
  }
  io.stdout(readSchema());
  return 0;
}

export function explainText(m: RuleMeta): string {
  const out = [`${m.id} (${m.category}, ${m.severity} by default)`, "", m.summary, "", "Why:", indent(m.why), "", "How to fix:", indent(m.fix)];
  if (m.nativelink?.length) {
    out.push("", "What NativeLink says:");
    for (const n of m.nativelink) out.push(`  ${n.message}`, `    (${n.source})`);
  }
  out.push("", "Triggers it:", indent(m.examples.bad.config), ...exampleNotes(m.examples.bad).map((n) => `  (${n})`));
  out.push("", "Passes:", indent(m.examples.good.config), ...exampleNotes(m.examples.good).map((n) => `  (${n})`), "");
  return out.join("\n");
}

/** What an example assumes besides its config text: files beside it, environment, flags, host facts. */
export function exampleNotes(ex: RuleExample): string[] {
  const out: string[] = [];
  const files = Object.entries(ex.files ?? {});
  if (files.length) {
    const mode = (f: string) => (ex.modes?.[f] !== undefined ? `, mode ${ex.modes[f]!.toString(8).padStart(3, "0")}` : "");
    out.push(`with ${files.map(([f, v]) => `\`${f}\`${v.startsWith("@pki:") ? ` (a generated ${v.slice(5)} file${mode(f)})` : mode(f) ? ` (${mode(f).slice(2)})` : ""}`).join(", ")} beside it`);
  }
  if (ex.env && Object.keys(ex.env).length) out.push(`with the environment ${Object.entries(ex.env).map(([k, v]) => `\`${k}=${v}\``).join(", ")}`);
  if (ex.profile) out.push(`with \`--profile ${ex.profile}\``);
  if (ex.runAs) out.push(`with \`--run-as ${ex.runAs}\``);
  if (ex.configMode !== undefined) out.push(`the config file has mode \`${(ex.configMode & 0o7777).toString(8).padStart(4, "0")}\``);
  if (ex.host?.gitTracked?.length) out.push(`git tracks ${ex.host.gitTracked.map((f) => `\`${f}\``).join(", ")}`);
  if (ex.encoding === "latin1") out.push("the file is saved as Latin-1");
  if (ex.hostMap && Object.keys(ex.hostMap).length) out.push(`with ${Object.entries(ex.hostMap).map(([h, c]) => `\`--host-map ${h}=${c}\``).join(" ")}`);
  return out;
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => "  " + l)
    .join("\n");
}

/** The published schema ships beside dist/ in the package (and beside src/ in a checkout). */
function readSchema(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let why = "";
  for (const p of [join(here, "..", "schemas", "nativelink-config.schema.json"), join(here, "..", "..", "schemas", "nativelink-config.schema.json")]) {
    const r = readRegularFile(p, 16 * 1024 * 1024);
    if (r.ok) return r.bytes.toString("utf8");
    why ||= `${p}: ${describeReadFailure(r.failure)}`;
  }
  throw new ToolError(`cannot read the published schema (${why}); reinstall the package`);
}
