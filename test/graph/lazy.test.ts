// The drawing code (view, Mermaid, DOT, SVG, layout, certificate timeline) loads only for the graph
// command and for a GitHub summary of several configs: `check` pays nothing for it. A child process
// logs every module of src/graph/ that Node loads (a module.register load hook).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { AT, fixtureDir, FIXTURES } from "../helpers/graph.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

let hookDir = "";
let fixture = "";

beforeAll(async () => {
  hookDir = mkdtempSync(join(tmpdir(), "nlp-lazy-graph-"));
  writeFileSync(
    join(hookDir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (url.includes("/src/graph/")) appendFileSync(process.env.NLP_LOADLOG, url.replace(/^.*\\/src\\/graph\\//, "") + "\\n");
  return next(url, context);
}
`,
  );
  writeFileSync(join(hookDir, "register.mjs"), `import { register } from "node:module";\nregister(new URL("./hooks.mjs", import.meta.url));\n`);
  writeFileSync(
    join(hookDir, "main.mjs"),
    `const { run } = await import(${JSON.stringify(join(ROOT, "src/cli.ts"))});
const code = await run({ argv: JSON.parse(process.env.NLP_ARGV), env: { GITHUB_STEP_SUMMARY: process.env.NLP_SUMMARY ?? "" }, cwd: process.cwd(), stdout: () => {}, stderr: (s) => process.stderr.write(s), isTTY: false });
process.exitCode = code;
`,
  );
  fixture = await fixtureDir("services-and-dangling");
}, 60_000);

/** The src/graph modules a command loads, sorted. */
function loaded(argv: string[]): string[] {
  const log = join(hookDir, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href, "--import", join(hookDir, "register.mjs"), join(hookDir, "main.mjs")], {
    cwd: fixture,
    env: { ...process.env, NODE_OPTIONS: "", NLP_LOADLOG: log, NLP_ARGV: JSON.stringify(argv), NLP_SUMMARY: join(hookDir, "summary.md") },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.stderr).toBe("");
  return [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))].sort();
}

const opts = ["--at", AT, ...FIXTURES["services-and-dangling"]!.args];

describe("graph code is loaded lazily", () => {
  it("check of one config loads none of it", () => {
    expect(loaded(["--at", AT, "worker.json5"])).toEqual([]);
  });

  it("check of several configs loads only the model (the deployment rules read it) and the one-line summary", () => {
    expect(loaded([...opts, "scheduler.json5", "worker.json5"])).toEqual(["model.ts", "summary.ts"]);
  });

  it("check --format github of several configs adds the Mermaid drawing for the job summary", () => {
    expect(loaded([...opts, "-f", "github", "scheduler.json5", "worker.json5"])).toEqual(["mermaid.ts", "model.ts", "summary.ts", "view.ts"]);
  });

  it("graph --format svg loads the layout and the SVG writer, not Mermaid, DOT or the timeline", () => {
    expect(loaded(["graph", "-f", "svg", ...opts, "scheduler.json5", "worker.json5"])).toEqual(["layout.ts", "model.ts", "svg.ts", "view.ts"]);
  });
});
