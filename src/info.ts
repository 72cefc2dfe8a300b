// The informational commands: `rules`, `explain <id>` and `schema`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { RULES } from "../rules/index.ts";
import type { RunIO } from "./cli.ts";
import type { RuleMeta } from "./types.ts";
import { closest } from "./normalize.ts";

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
  io.stdout(readFileSync(schemaPath(), "utf8"));
  return 0;
}

export function explainText(m: RuleMeta): string {
  const out = [`${m.id} (${m.category}, ${m.severity} by default)`, "", m.summary, "", "Why:", indent(m.why), "", "How to fix:", indent(m.fix)];
  if (m.nativelink?.length) {
    out.push("", "What NativeLink says:");
    for (const n of m.nativelink) out.push(`  ${n.message}`, `    (${n.source})`);
  }
  out.push("", "Triggers it:", indent(m.examples.bad.config), "", "Passes:", indent(m.examples.good.config), "");
  return out.join("\n");
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => "  " + l)
    .join("\n");
}

/** The published schema ships beside dist/ in the package. */
function schemaPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "..", "schemas", "nativelink-config.schema.json"), join(here, "..", "..", "schemas", "nativelink-config.schema.json")]) {
    try {
      readFileSync(p, { flag: "r" });
      return p;
    } catch {}
  }
  return join(here, "..", "schemas", "nativelink-config.schema.json");
}
