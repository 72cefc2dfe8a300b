// Golden output, actionlint style: each test/golden/<name>.json5 is checked through the real CLI and
// its exact output compared with the files beside it: human at 80 and 120 columns, human with colour,
// and JSON (exact start and end positions). Regenerate with `npm run golden` and review the diff.
// A case may have `<name>.args` (extra arguments, one per line: other configs of a deployment in a
// folder beside it, --host-map, --profile...). Cases run in a copy of this folder under /tmp whose name
// always has the same length, with the public test certificates in certs/ (test/fixtures/public-pki; no
// private key is committed), so the absolute paths findings print wrap alike on every machine and are
// shown as /tmp/nlp-golden-XXXXXX. The copy is outside any git repository and its files are mode 644.
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../src/cli.ts";

const DIR = new URL("./golden/", import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const cases = readdirSync(DIR).filter((f) => f.endsWith(".json5")).sort();
const PKI = new URL("./fixtures/public-pki/", import.meta.url).pathname;

/** A copy of the cases and the public certificates in /tmp/nlp-golden-<6 characters>. */
function workDir(): string {
  const dir = mkdtempSync("/tmp/nlp-golden-");
  cpSync(DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".out") });
  cpSync(PKI, join(dir, "certs"), { recursive: true });
  const chmodAll = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) chmodAll(p);
      else chmodSync(p, 0o644);
    }
  };
  chmodAll(dir);
  return dir;
}
const WORK = workDir();
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** name suffix → how the CLI is run (environment and extra arguments); certificates are judged at a fixed date. */
const VARIANTS: Record<string, { env: Record<string, string>; args: string[] }> = {
  "80.out": { env: { COLUMNS: "80" }, args: [] },
  "120.out": { env: { COLUMNS: "120" }, args: [] },
  "80.color.out": { env: { COLUMNS: "80", FORCE_COLOR: "1" }, args: [] },
  "json.out": { env: {}, args: ["--format", "json"] },
};

async function output(config: string, v: { env: Record<string, string>; args: string[] }): Promise<string> {
  let stdout = "";
  let stderr = "";
  const argsFile = join(DIR, config.replace(/\.json5$/, ".args"));
  const extra = existsSync(argsFile) ? readFileSync(argsFile, "utf8").split("\n").filter((l) => l.trim() !== "") : [];
  const code = await run({
    argv: [config, ...extra, "--at", "2026-12-01T00:00:00Z", "--cwd", ".", ...v.args],
    env: v.env,
    cwd: WORK,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
  });
  return `${stdout}${stderr ? `--- stderr\n${stderr}` : ""}--- exit ${code}\n`.replaceAll(WORK, "/tmp/nlp-golden-XXXXXX");
}

describe("golden output (test/golden)", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThanOrEqual(4));

  for (const config of cases) {
    const name = config.replace(/\.json5$/, "");
    for (const [suffix, v] of Object.entries(VARIANTS)) {
      it(`${name}.${suffix}`, async () => {
        const got = await output(config, v);
        const file = join(DIR, `${name}.${suffix}`);
        if (UPDATE) writeFileSync(file, got);
        expect(existsSync(file), `${file} is missing: run npm run golden`).toBe(true);
        expect(got).toBe(readFileSync(file, "utf8"));
      });
    }
  }

  it("human lines fit the width they were given, except a single word too long to break", () => {
    for (const config of cases) {
      const name = config.replace(/\.json5$/, "");
      for (const width of [80, 120]) {
        const text = readFileSync(join(DIR, `${name}.${width}.out`), "utf8");
        for (const line of text.split("\n")) {
          if (Array.from(line).length <= width) continue;
          expect(line.trim().includes(" ") && !line.includes("│"), `${name}.${width}.out: ${line}`).toBe(false);
        }
      }
    }
  });
});
