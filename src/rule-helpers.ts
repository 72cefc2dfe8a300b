// Small helpers shared by rule modules: defining a rule, and rules that surface pipeline diagnostics.
import type { Report, Rule, RuleMeta, Severity } from "./types.ts";
import type { RuleContext } from "./context.ts";
import type { DiagCode } from "./normalize.ts";
import type { SchemaCode } from "./type-issues.ts";

export function defineRule(meta: RuleMeta, check: (ctx: RuleContext) => Iterable<Report>): Rule {
  return { meta, check };
}

/**
 * True when `object` has `field` written under another key, misspelt or shortened (services as
 * "service"): the unknown key's finding says that mistake, so a rule that would report the field
 * as absent says nothing (one mistake, one finding).
 */
export function fieldWrittenElsewhere(ctx: RuleContext, object: import("./doc.ts").DocNode | undefined, field: string): boolean {
  const misspelt = ctx.normalized?.misspelt;
  return object !== undefined && misspelt !== undefined && misspelt.size > 0 && misspelt.get(object.pointer)?.has(field) === true;
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
      yield { at: s.at, node: s.node, target: s.target, message: s.message, nativelink: s.nativelink, hint: s.hint };
    }
  };
}

/** A minimal valid config, for rule examples. */
export const MIN = "{ stores: [], servers: [] }";

/**
 * Severity of a practice of the NativeLink guides under the active profile (see RuleMeta.guide).
 * - "fatal": no legitimate production use (a worker API open to the network without mTLS, a
 *   private key tracked by git, a real credential inline): an error in production;
 * - "should": advice with legitimate exceptions (a TLS-terminating proxy, a firewall): a warning;
 * - "note": a recommendation: an info.
 * development makes every one an info, strict every one an error.
 */
export function postureSeverity(ctx: RuleContext, strength: "fatal" | "should" | "note"): Severity {
  switch (ctx.options.profile) {
    case "development":
      return "info";
    case "strict":
      return "error";
    default:
      return strength === "fatal" ? "error" : strength === "should" ? "warning" : "info";
  }
}
