// The README's snippets, run as written: every usage line through the CLI, the GitHub Action's `with:`
// inputs through the Action's entry, and the pre-commit snippet's hook id and args.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { cli as runCli } from "./helpers/cli.ts";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

const root = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

const CONFIG = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }';

describe("README: Usage", () => {
  const usage = blocks.find((b) => b.lang === "" && b.text.startsWith("nativelink-preflight [check]"));
  it("has the usage block", () => expect(usage).toBeDefined());
  const lines = (usage?.text ?? "").split("\n").filter((l) => l.startsWith("nativelink-preflight "));

  /** A usage line with its placeholders filled in: every optional part taken, one value of each choice. */
  function concrete(line: string): string[] {
    const words = line
      .replace(/\s+(>>|#).*$/, "")
      .replace("[check]", "check")
      .replace("<file|dir|glob>...", "cas.json5")
      .replace("[options]", "--format json")
      .replace("<rule-id>", "store-ref-defined")
      .replace("[command]", "rules")
      .replace(/\[--format human\|json\]/, "--format json")
      .replace(/\[--format mermaid\|dot\|svg\]/, "--format svg")
      .replace("[--certs]", "--certs")
      .replace(/\[-o FILE\]/, "-o out.txt")
      .split(/\s+/)
      .slice(1);
    return words;
  }

  for (const line of lines) {
    it(`runs: ${line}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "nlp-readme-"));
      writeFileSync(join(dir, "cas.json5"), CONFIG);
      const argv = concrete(line);
      expect(argv.join(" ")).not.toMatch(/[<>[\]|]/);
      const r = await cli(argv, dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + (existsSync(join(dir, "out.txt")) ? readFileSync(join(dir, "out.txt"), "utf8") : "")).not.toBe("");
    });
  }
});

describe("README: GitHub Action", () => {
  const block = blocks.find((b) => b.lang === "yaml" && b.text.includes("uses: nativelink-preflight/nativelink-preflight"));
  it("has the workflow", () => expect(block).toBeDefined());

  it("runs the Action with the snippet's inputs, exactly as written", () => {
    const workflow = parseYaml(block!.text) as { jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, string | number | boolean> }[] }> };
    const step = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((s) => s.uses?.startsWith("nativelink-preflight/nativelink-preflight"));
    expect(step?.with).toBeDefined();
    const ws = mkdtempSync(join(tmpdir(), "nlp-readme-ws-"));
    // The files the snippet names: a config in deploy/ and the env file it reads.
    for (const [f, text] of Object.entries({ "deploy/cas.json5": '{ stores: [{ name: "CAS", filesystem: { content_path: "${ROOT}/cas", temp_path: "${ROOT}/tmp" } }], servers: [] }', "deploy/prod.env": "ROOT=/var/lib/nativelink\n" })) {
      mkdirSync(dirname(join(ws, f)), { recursive: true });
      writeFileSync(join(ws, f), text);
    }
    const out = join(ws, "github_output");
    writeFileSync(out, "");
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: join(ws, "summary.md") };
    for (const [k, v] of Object.entries(step!.with!)) env[`INPUT_${k.toUpperCase()}`] = String(v);
    const r = spawnSync(process.execPath, [join(root, "dist/action.js")], { cwd: tmpdir(), env, encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("nativelink-preflight: 0 error(s)");
    // The SARIF file the upload step names through the step's output.
    const sarifFile = /sarif-file<<(\S+)\n(.*)\n\1/.exec(readFileSync(out, "utf8"))?.[2];
    expect(sarifFile).toBe("nativelink-preflight.sarif");
    expect(JSON.parse(readFileSync(join(ws, sarifFile!), "utf8")).version).toBe("2.1.0");
    expect(block!.text).toContain("sarif_file: ${{ steps.preflight.outputs.sarif-file }}");
  });
});

describe("README: pre-commit", () => {
  const block = blocks.find((b) => b.lang === "yaml" && b.text.includes(".pre-commit-config.yaml"));
  it("names the hook this repository declares", () => {
    const config = parseYaml(block!.text) as { repos: { hooks: { id: string }[] }[] };
    const hooks = parseYaml(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as { id: string }[];
    expect(config.repos[0]!.hooks[0]!.id).toBe(hooks[0]!.id);
  });

  it("its commented args are options the hook's entry accepts", async () => {
    const args = /# args: \[(.*)\]/.exec(block!.text)?.[1]?.split(/,\s*/);
    expect(args).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "nlp-readme-pc-"));
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy/prod.env"), "ROOT=/srv\n");
    writeFileSync(join(dir, "cas.json5"), CONFIG);
    const entry = (parseYaml(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8")) as { entry: string }[])[0]!.entry.split(" ").slice(1);
    const r = await cli([...entry, ...args!, "cas.json5"], dir);
    expect(r.code, r.stderr).toBe(0);
  });
});
