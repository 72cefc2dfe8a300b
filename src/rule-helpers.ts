// Small helpers shared by rule modules: defining a rule, and rules that surface pipeline diagnostics.
import type { Report, Rule, RuleMeta, Severity } from "./types.ts";
import type { RuleContext } from "./context.ts";
import type { DiagCode } from "./normalize.ts";
import type { SchemaCode } from "./schema.ts";

export function defineRule(meta: RuleMeta, check: (ctx: RuleContext) => Iterable<Report>): Rule {
  return { meta, check };
}

/** Reports every diagnostic the normaliser raised with one of these codes. */
export function fromDiagnostics(...codes: DiagCode[]) {
  return function* (ctx: RuleContext): Iterable<Report> {
    for (const d of ctx.normalized?.diagnostics ?? []) {
      if (!codes.includes(d.code)) continue;
      yield { at: d.at, node: d.node, target: d.target, message: d.message, nativelink: d.nativelink, hint: d.hint, severity: d.severity };
    }
  };
}

/** Reports every schema issue with this code. */
export function fromSchema(code: SchemaCode) {
  return function* (ctx: RuleContext): Iterable<Report> {
    for (const s of ctx.schemaIssues) {
      if (s.code !== code) continue;
      yield { at: s.at, target: s.target, message: s.message, nativelink: s.nativelink, hint: s.hint };
    }
  };
}

/** A minimal valid config, for rule examples. */
export const MIN = "{ stores: [], servers: [] }";

/**
 * Severity of a security-posture finding under the active profile. The guides phrase some practices
 * as "never"/"always" (errors in production) and others as advice (warnings); in development
 * everything is an info.
 */
export function postureSeverity(ctx: RuleContext, strength: "never" | "should" | "note"): Severity {
  if (ctx.options.profile === "development" || strength === "note") return "info";
  return strength === "never" ? "error" : "warning";
}
