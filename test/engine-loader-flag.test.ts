// The engine knows a loader rule by its metadata (RuleMeta.loader), never by its id: a rule added with
// the flag gets the loader's treatment, and the same rule without it does not.
import { describe, expect, it } from "vitest";
import { checkText, type EngineOptions } from "../src/engine.ts";
import { defineRule } from "../src/rule-helpers.ts";
import type { Rule, RuleMeta } from "../src/types.ts";

const TEXT = `{
  stores: [
    {
      name: "S",
      memory: { eviction_policy: { max_bytes: 10 } },
    },
  ],
  servers: [],
}`;
const AT = "/stores/0/memory/eviction_policy";
const examples: RuleMeta["examples"] = { bad: { config: TEXT }, good: { config: TEXT } };
const meta = (id: string, more: Partial<RuleMeta>): RuleMeta => ({ id, category: "schema", severity: "error", summary: id, why: id, fix: id, examples, ...more });

/** A rule reporting one error at `at`, with a NativeLink text. */
const at = (id: string, where: string, more: Partial<RuleMeta> = {}): Rule =>
  defineRule(meta(id, more), function* () {
    yield { at: where, message: `${id} here`, nativelink: `${id} printed` };
  });

const run = (rules: Rule[]) =>
  checkText(TEXT, "config.json5", { env: { get: () => undefined }, rules, profile: "production", now: new Date(0), expiryWarnDays: 30, lenientEnv: false, cwd: "/" } satisfies EngineOptions);
const show = async (rules: Rule[]) => (await run(rules)).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.nativelink ?? "-"}`);

describe("RuleMeta.loader", () => {
  it('"refuses-value": another rule\'s finding inside the refused value is dropped', async () => {
    expect(await show([at("made-up-refusal", AT, { loader: "refuses-value" }), at("made-up-check", `${AT}/max_bytes`)])).toEqual([
      "5:34-5:51 made-up-refusal made-up-refusal printed",
    ]);
  });

  it("without the flag both findings stay", async () => {
    expect(await show([at("made-up-refusal", AT), at("made-up-check", `${AT}/max_bytes`)])).toEqual([
      "5:34-5:51 made-up-refusal made-up-refusal printed",
      "5:47-5:49 made-up-check made-up-check printed",
    ]);
  });

  it("of two loader errors only the first the loader meets keeps NativeLink's text", async () => {
    expect(await show([at("made-up-late", `${AT}/max_bytes`, { loader: true }), at("made-up-early", "/stores/0/name", { loader: true })])).toEqual([
      "4:13-4:16 made-up-early made-up-early printed",
      "5:47-5:49 made-up-late -",
    ]);
  });
});
