// Texts of the informational commands (src/commands/): a rule explained, and the published schema.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { RuleExample, RuleMeta } from "./types.ts";
import { ToolError } from "./types.ts";
import { describeReadFailure, readRegularFile } from "./read-bounded.ts";

/** The published JSON Schema of the config, as shipped beside dist/ (and beside src/ in a checkout). */
export function schemaText(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  let why = "";
  for (const p of [join(here, "..", "schemas", "nativelink-config.schema.json"), join(here, "..", "..", "schemas", "nativelink-config.schema.json")]) {
    const r = readRegularFile(p, 16 * 1024 * 1024);
    if (r.ok) return r.bytes.toString("utf8");
    why ||= `${p}: ${describeReadFailure(r.failure)}`;
  }
  throw new ToolError(`cannot read the published schema (${why}); reinstall the package`);
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
    const mode = (f: string) => (ex.modes?.[f] !== undefined ? `, mode ${ex.modes[f].toString(8).padStart(3, "0")}` : "");
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
