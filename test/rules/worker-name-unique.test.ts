import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-name-unique";
const w = (extra: string) => `{ local: { ${extra}worker_api_endpoint: { uri: "grpc://x:1" }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }`;
const cfg = (...workers: string[]) => `{ stores: [], servers: [], workers: [${workers.join(", ")}] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["two explicit names", cfg(w('name: "b", '), w('name: "b", ')), ['1:199 worker name "b" of workers[1] is already used by workers[0]']],
    [
      "an explicit name equal to a later worker's default",
      cfg(w('name: "worker_1", '), w("")),
      ['1:191 worker name "worker_1" of workers[1] (by default) is already used by workers[0]'],
    ],
    [
      "a default name taken by a later explicit one",
      cfg(w(""), w('name: "worker_0", ')),
      ['1:188 worker name "worker_0" of workers[1] is already used by workers[0] (by default)'],
    ],
    ["an empty name falls back to the default", cfg(w(""), w('name: "", '), w('name: "worker_1", ')), ['1:331 worker name "worker_1" of workers[2] is already used by workers[1] (by default)']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("compares names after ${VAR} expansion", async () => {
    expect(lines(await lint(cfg(w('name: "${W}", '), w('name: "x", ')), { env: { W: "x" } }), RULE)).toEqual([
      '1:202 worker name "x" of workers[1] is already used by workers[0]',
    ]);
  });

  it("passes distinct names and defaults", async () => {
    expect(lines(await lint(cfg(w(""), w(""), w('name: "worker_9", '))), RULE)).toEqual([]);
  });

  it("skips names that depend on an unset variable under --lenient-env", async () => {
    expect(lines(await lint(cfg(w('name: "${NOPE}", '), w('name: "${NOPE}", ')), { lenientEnv: true }), RULE)).toEqual([]);
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg(w('name: "b", '), w('name: "b", ')))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Duplicate worker name 'b' found in config");
    expect(f?.pointer).toBe("/workers/1/local/name");
    expect(f?.related?.[0]?.pointer).toBe("/workers/0/local/name");
  });
});
