import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "file-on-target-host";
const HINTS = (path: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", simple: {} }, { name: "H", historical_resource: { hints_file: "${path}" } }] }`;

describe(RULE, () => {
  it("notes an absolute data file that is not on this machine, and leaves it to the target host", async () => {
    const c = HINTS("/etc/nativelink-preflight-test-target/hints.json");
    expect(lines(await lint(c), RULE)).toEqual([`1:${c.indexOf('"/etc') + 1} hints_file "/etc/nativelink-preflight-test-target/hints.json" is not on this machine: it is checked on the target host with --on-host, or map it with --path-map`]);
    expect(lines(await lint(c), "scheduler-hints-file-valid")).toEqual([]);
  });
  it("says nothing with --on-host, where the file's own rule reports it", async () => {
    const c = HINTS("/etc/nativelink-preflight-test-target/hints.json");
    expect(lines(await lint(c, { onHost: true }), RULE)).toEqual([]);
    expect(lines(await lint(c, { onHost: true }), "scheduler-hints-file-valid")).toHaveLength(1);
  });
  it("says nothing about relative paths", async () => {
    expect(lines(await lint(HINTS("hints.json"), { cwd: "/nonexistent-nlp" }), RULE)).toEqual([]);
  });
});
