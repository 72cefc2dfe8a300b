// A suppression comment must say why the finding does not apply.
import { defineRule } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "suppression-reason",
    category: "schema",
    severity: "warning",
    summary: "a suppression comment must give a reason after --",
    why: "A silenced finding without a reason cannot be reviewed: nobody can tell later whether it was a deliberate exception or a way to make the check pass.",
    fix: "Add the reason after two dashes: // nativelink-preflight-disable-next-line key-ignored -- kept for the v1.5 fleet until March.",
    phase: "post",
    examples: {
      bad: { config: '{\n  // nativelink-preflight-disable-next-line key-ignored\n  stores: [{ name: "S", memory: {}, note: "x" }],\n  servers: [],\n}' },
      good: { config: '{\n  // nativelink-preflight-disable-next-line key-ignored -- the note is read by our deploy script\n  stores: [{ name: "S", memory: {}, note: "x" }],\n  servers: [],\n}' },
    },
  },
  function* (ctx) {
    for (const d of ctx.directives) {
      if (d.kind === "enable" || d.reason) continue;
      yield { at: "", span: d.span, message: `this nativelink-preflight-${d.kind} comment gives no reason`, hint: "add `-- <why>` after the rule ids" };
    }
  },
);
