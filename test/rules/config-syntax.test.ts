// config-syntax: the first JSON5 syntax error, where serde_json5 meets it.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { lint, spans } from "../helpers/lint.ts";

const BIN = join(import.meta.dirname, "../../bin/nativelink-preflight.js");

const RULE = "config-syntax";

describe(RULE, () => {
  it("reports a missing comma at the token after it", async () => {
    const text = `{
  stores: [],
  servers: []
  workers: [],
}`;
    const findings = await lint(text);
    expect(spans(findings, RULE)).toEqual(["4:3-4:4 JSON5 syntax error: expected `,` or `}` after the value on line 3"]);
    expect(findings.map((f) => f.ruleId)).toEqual([RULE]);
  });

  it("reports a file that ends inside a string on an escaping backslash (the parser it falls back to never stopped there)", async () => {
    const B = "\\";
    const cases: [string, string][] = [
      ['"' + B, "1:3-1:4"],
      ["'" + B, "1:3-1:4"],
      ['{ stores: [{ name: "CAS", filesystem: { content_path: "C:' + B, "1:59-1:60"],
      // An odd run: the last backslash escapes the end of the input.
      ['{ a: "' + B.repeat(77_861), "1:77868-1:77869"],
    ];
    // In a process of its own, so that a parser that never stops fails the test instead of hanging it.
    const dir = mkdtempSync(join(tmpdir(), "nlp-escape-"));
    for (const [i, [text, at]] of cases.entries()) {
      writeFileSync(join(dir, `${i}.json5`), text);
      const r = spawnSync(process.execPath, [BIN, "--format", "json", `${i}.json5`], { cwd: dir, encoding: "utf8", timeout: 30_000 });
      expect(r.status, text.slice(0, 60)).toBe(1);
      const [f] = JSON.parse(r.stdout).findings;
      expect(`${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`).toBe(`${at} JSON5 syntax error: the string that starts on line 1 is never closed`);
    }
    // An even run is an escaped backslash: the string is still open, as before.
    expect(spans(await lint('{ a: "' + B + B), RULE)).toEqual(["1:9-1:10 JSON5 syntax error: the string that starts on line 1 is never closed"]);
  });

  it("passes comments, unquoted keys and trailing commas", async () => {
    const text = `// comments, trailing commas and unquoted keys are fine
{
  stores: [],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual([]);
  });
});
