// Hostile inputs of the three areas a third hunt covered (the target environment, the human and
// github reports, --on-host), each at a size where the old code's cost was seconds and grew with the
// square of the input. As in linear-work.test.ts, the tests count the work of the built-in searches
// and tables (see helpers/work.ts) and bound it by a small multiple of the input's size.
import { describe, expect, it } from "vitest";
import { cli, tree } from "./helpers/cli.ts";
import { measureWork } from "./helpers/work.ts";

describe("the target environment is built once per run (issue 16)", () => {
  const n = 200;
  const vars = 5_000;
  const envText = Array.from({ length: vars }, (_, i) => `V${i}=v${i}\n`).join("");
  const configs = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) out[`cfgs/c${i}.json5`] = `{ stores: [{ name: "S", filesystem: { content_path: "/x/\${V${i}}/c", temp_path: "/x/\${V${i}}/t" } }], servers: [] }\n`;
    return out;
  };

  it(`${n} configs and one --target-env-file of ${vars} variables: the file is read and stored once, not once per config`, async () => {
    const d = tree({ "t.env": envText, ...configs() });
    const { result, work } = await measureWork(() => cli(["cfgs", "--target-env-file", "t.env", "-f", "json", "--no-deployment"], { cwd: d }), { stores: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ files: n, errors: 0 });
    // Before: every config parsed the file and copied its variables (2e6 stored for 200 configs).
    expect(work.stored).toBeLessThan(4 * vars + 100 * n);
  }, 120_000);

  it(`${n} configs under a settings file naming an env file of ${vars} variables: its variables are copied once`, async () => {
    const d = tree({ "t.env": envText, ".nativelink-preflight.json5": `{ envFiles: ["t.env"] }\n`, ...configs() });
    const { result, work } = await measureWork(() => cli(["cfgs", "-f", "json", "--no-deployment"], { cwd: d }), { stores: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ files: n, errors: 0 });
    // Before: every config copied the settings file's variables into an environment of its own (1e6 stored).
    expect(work.stored).toBeLessThan(4 * vars + 100 * n);
  }, 120_000);

  it("configs of two settings files and --env: each config sees its own settings file's variables", async () => {
    const d = tree({
      "a/.nativelink-preflight.json5": `{ envFiles: ["a.env"] }\n`,
      "a/a.env": "ROOT=/srv/a\n",
      "a/c.json5": `{ stores: [{ name: "S", filesystem: { content_path: "\${ROOT}/\${ONLY_A}/c", temp_path: "\${ROOT}/t" } }], servers: [] }\n`,
      "b/.nativelink-preflight.json5": `{ envFiles: ["b.env"] }\n`,
      "b/b.env": "ROOT=/srv/b\nONLY_A=x\n",
      "b/c.json5": `{ stores: [{ name: "S", filesystem: { content_path: "\${ROOT}/\${ONLY_A}/c", temp_path: "\${ROOT}/\${EXTRA}/t" } }], servers: [] }\n`,
    });
    const r = await cli(["a/c.json5", "b/c.json5", "--env", "EXTRA=e", "-f", "json"], { cwd: d });
    const findings = JSON.parse(r.stdout).findings as { file: string; ruleId: string; message: string }[];
    expect(findings.filter((f) => f.ruleId === "env-defined").map((f) => `${f.file}: ${f.message}`)).toEqual(["a/c.json5: environment variable ONLY_A is not set, and ${ONLY_A} has no default"]);
  });
});
