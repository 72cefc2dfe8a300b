// The texts of every config among the test fixtures: the corpus and other fixture files, the golden
// cases and the 183 verdict configs (for tests that hold two code paths to one answer on all of them).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.json5?$/.test(e) && !e.endsWith("verdicts.json")) out.push(p);
  }
  return out;
}

export function fixtureTexts(): string[] {
  const testDir = join(import.meta.dirname, "..");
  const fixtures = join(testDir, "fixtures");
  const verdicts = JSON.parse(readFileSync(join(fixtures, "reference/nativelink-1.6.6-verdicts.json"), "utf8")) as { config_json5: string }[];
  return [...walk(fixtures).map((f) => readFileSync(f, "utf8")), ...walk(join(testDir, "golden")).map((f) => readFileSync(f, "utf8")), ...verdicts.map((v) => v.config_json5)];
}
