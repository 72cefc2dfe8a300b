// The --connect checks are not rules (no config alone triggers them), but everything that names a
// rule id knows them: explain, SARIF's rule descriptors, and the suppression check.
import { describe, expect, it } from "vitest";
import { formatSarif } from "../../src/report/sarif.ts";
import type { Finding } from "../../src/types.ts";
import { cli } from "../helpers/cli.ts";
import { lint, spans } from "../helpers/lint.ts";

describe("--connect check ids", () => {
  it("explain describes one, says only --connect reports it, and suggests it for a typo", async () => {
    const r = await cli(["explain", "connect-redis"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^connect-redis \(network, error\): a redis_store's server accepts/);
    expect(r.stdout).toContain("Reported only by check --connect");
    const json = await cli(["explain", "connect-endpoint", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: "connect-endpoint", category: "network", severity: "error", reportedBy: "check --connect" });
    const typo = await cli(["explain", "conect-mongo"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no rule "conect-mongo"; did you mean "connect-mongo"?');
  });

  it("a SARIF log documents a network finding's check instead of calling it undocumented", () => {
    const finding: Finding = { ruleId: "connect-endpoint", category: "network", severity: "error", message: "connection refused", file: "worker.json5", pointer: "/workers/0/local/worker_api_endpoint/uri", line: 5, column: 14, endLine: 5, endColumn: 40 };
    const run = (JSON.parse(formatSarif([finding], { rules: [], toolVersion: "0.1.0", informationUri: "https://example.com" })) as { runs: [{ tool: { driver: { rules: { id: string; shortDescription: { text: string }; help: { text: string }; properties: { category: string } }[] } } }] }).runs[0];
    const [descriptor] = run.tool.driver.rules;
    expect(descriptor?.id).toBe("connect-endpoint");
    expect(descriptor?.shortDescription.text).toMatch(/^a worker, grpc store or grpc scheduler endpoint answers/);
    expect(descriptor?.help.text).not.toMatch(/No documentation/);
    expect(descriptor?.properties.category).toBe("network");
  });

  it("a suppression naming a --connect check is neither an unknown id nor unused; a typo still is", async () => {
    const text = `{
  stores: [{ name: "S", memory: {} }],
  servers: [],
  // nativelink-preflight-disable-next-line connect-endpoint -- the scheduler is not up in CI
  workers: [],
  // nativelink-preflight-disable-next-line conect-endpoint -- a typo
  global: {},
}`;
    expect(spans(await lint(text), "suppression-unused")).toEqual(['6:3-6:70 no rule "conect-endpoint": this comment silences nothing for it']);
  });
});
