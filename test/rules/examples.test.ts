// Every rule's documented bad example must trigger it, and its good example must not.
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";
import type { RuleExample } from "../../src/types.ts";
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
