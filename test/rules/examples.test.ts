// Every rule's documented bad example must trigger it, and its good example must not.
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";
import type { Report, RuleExample } from "../../src/types.ts";
import type { RuleContext } from "../../src/context.ts";
import { lint, lintDeployment, lintProjectConfig } from "../helpers/lint.ts";
import { EXAMPLE_NOW, exampleHostRoots, materializeExample } from "../helpers/examples.ts";

async function run(ex: RuleExample, id: string) {
  if (ex.kind === "preflight-config") return (await lintProjectConfig(ex.config)).filter((f) => f.ruleId === id);
  const cwd = await materializeExample(ex);
  if (ex.peers) {
    const all = await lintDeployment({ "config.json5": ex.config, ...ex.peers }, { env: ex.env, profile: ex.profile, cwd, now: EXAMPLE_NOW, hostMap: ex.hostMap });
    return all.filter((f) => f.ruleId === id && !f.suppressed);
  }
  const findings = await lint(ex.config, { env: ex.env, profile: ex.profile, cwd, encoding: ex.encoding, now: EXAMPLE_NOW, mode: ex.configMode, gitTracked: ex.host?.gitTracked, runAs: ex.runAs, onHost: ex.onHost, hostRoots: exampleHostRoots(ex, cwd) });
  return findings.filter((f) => f.ruleId === id && !f.suppressed);
}

describe("rule examples", () => {
  for (const rule of RULES) {
    const { id, examples } = rule.meta;
    it(`${id}: the bad example triggers it`, async () => {
      expect((await run(examples.bad, id)).length).toBeGreaterThan(0);
    });
    it(`${id}: the good example does not`, async () => {
      expect((await run(examples.good, id)).map((f) => f.message)).toEqual([]);
    });
  }

  it("every rule module is registered and ids match file names", async () => {
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(new URL("../../rules/", import.meta.url)).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(RULES.map((r) => r.meta.id + ".ts").sort()).toEqual(files.sort());
  });
});

// Locations come from nodes: every report of a parsed config, and every related location, names the
// document node it is about (the engine takes its span, key and pointer from it), so no location is
// found again by walking a pointer. Each rule's bad example is run with its check wrapped to see the
// reports themselves.
// Rules that still report some location by pointer alone (the engine then finds the node by walking
// the pointer). The list may only shrink: a rule that no longer needs to be here fails until removed.
const BY_POINTER = new Set([
  "preflight-config",
]);

describe("locations come from nodes", () => {
  for (const rule of RULES) {
    it(`${rule.meta.id}: every report and related location carries its node`, async () => {
      const own = Object.getOwnPropertyDescriptor(rule, "check");
      const check = rule.check.bind(rule);
      const missing: string[] = [];
      rule.check = function* (ctx: RuleContext): Iterable<Report> {
        for (const r of check(ctx)) {
          if (ctx.load.root || ctx.deployment) {
            if (!r.node && !r.span) missing.push(`report at ${r.at}: ${r.message}`);
            for (const rel of r.related ?? []) if (!rel.node) missing.push(`related at ${rel.at}: ${rel.message}`);
          }
          yield r;
        }
      };
      try {
        await run(rule.meta.examples.bad, rule.meta.id);
      } finally {
        if (own) Object.defineProperty(rule, "check", own);
      }
      if (BY_POINTER.has(rule.meta.id)) expect(missing, "reports only with nodes now: remove it from BY_POINTER").not.toEqual([]);
      else expect(missing).toEqual([]);
    });
  }
});
