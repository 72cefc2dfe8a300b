// Mistakes in this tool's own settings file are findings like any other.
import { defineRule } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "preflight-config",
    category: "schema",
    severity: "error",
    summary: "the .nativelink-preflight.json5 settings file must be valid",
    why: "A misspelt setting or rule id in the project settings would otherwise be ignored, and the checks you meant to change would silently run as before.",
    fix: "Fix the setting as the message says; `nativelink-preflight rules` lists the rule ids.",
    appliesTo: "preflight-config",
    examples: {
      bad: { kind: "preflight-config", config: '{ profile: "production", rules: { "key-ignord": "off" } }' },
      good: { kind: "preflight-config", config: '{ profile: "production", rules: { "key-ignored": "off" } }' },
    },
  },
  function* (ctx) {
    for (const p of ctx.projectConfig?.problems ?? []) yield { at: p.at, target: p.target, message: p.message, hint: p.hint };
  },
);
