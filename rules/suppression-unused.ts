// Suppression comments that silence nothing are noise that hides future findings.
import { defineRule } from "../src/rule-helpers.ts";
import { RULE_IDS } from "../src/rule-ids.ts";
import { isNetworkCheck } from "../src/connect/ids.ts";
import { findingLines, silencesAny } from "../src/suppress.ts";

export default defineRule(
  {
    id: "suppression-unused",
    category: "schema",
    severity: "warning",
    summary: "a suppression comment that silences nothing, or names no rule",
    why: "A stale suppression keeps silencing whatever appears on that line later, and a misspelt rule id silences nothing at all. Reported when --report-unused-suppressions is on (by default in CI).",
    fix: "Remove the comment, or fix the rule id.",
    phase: "post",
    examples: {
      bad: { config: '{\n  // nativelink-preflight-disable-next-line key-ignored -- left over\n  stores: [{ name: "S", memory: {} }],\n  servers: [],\n}' },
      good: { config: '{\n  // nativelink-preflight-disable-next-line key-ignored -- the note is read by our deploy script\n  stores: [{ name: "S", memory: {}, note: "x" }],\n  servers: [],\n}' },
    },
  },
  function* (ctx) {
    if (ctx.options.reportUnusedSuppressions === false) return;
    let lines: ReturnType<typeof findingLines> | undefined;
    for (const d of ctx.directives) {
      if (d.kind === "enable") continue;
      const unknown = d.rules.filter((r) => !RULE_IDS.includes(r) && !isNetworkCheck(r));
      if (unknown.length) {
        yield { at: "", span: d.span, message: `no rule ${unknown.map((r) => `"${r}"`).join(", ")}: this comment silences nothing for ${unknown.length === 1 ? "it" : "them"}`, hint: "run nativelink-preflight rules for the ids" };
        continue;
      }
      // A --connect finding comes after this rule runs, and only with --connect: a comment naming
      // one of those checks is never judged unused.
      if (d.rules.length > 0 && d.rules.some(isNetworkCheck)) continue;
      const used = silencesAny(d, (lines ??= findingLines(ctx.findings)));
      if (!used) yield { at: "", span: d.span, message: `this nativelink-preflight-${d.kind} comment silences nothing`, hint: "remove it" };
    }
  },
);
