// The config must be JSON5 that NativeLink's parser (serde_json5) accepts.
import { defineRule } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "config-syntax",
    category: "syntax",
    severity: "error",
    summary: "the config must be valid JSON5",
    why: "NativeLink parses the config with serde_json5 and stops at the first syntax error, printing only a line, a column and the tokens it expected.",
    fix: "Fix the JSON5 at the marked position: a missing comma or brace, an unquoted value, an unterminated string.",
    nativelink: [{ message: "line {L}, column {C} - --> L:C ... = expected ...", source: "nativelink-error/src/lib.rs (From<serde_json5::Error>)" }],
    catalog: ["json5-syntax"],
    examples: {
      bad: { config: "{\n  stores: [],\n  servers: []\n  workers: [],\n}" },
      good: { config: "// comments, trailing commas and unquoted keys are fine\n{\n  stores: [],\n  servers: [],\n}" },
    },
  },
  function* (ctx) {
    const p = ctx.load.problem;
    if (!p || !["syntax", "too-deep"].includes(p.code)) return;
    yield { at: "", message: p.message, nativelink: p.nativelink, hint: p.hint };
  },
);
