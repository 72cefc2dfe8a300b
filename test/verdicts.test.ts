// Replays the 183 configs NativeLink v1.6.6's own loader judged, and compares our verdicts with its.
import { readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";
import { NativelinkTexts, loaderMessage } from "./helpers/nativelink-texts.ts";

const PATH = new URL("./fixtures/reference/nativelink-1.6.6-verdicts.json", import.meta.url);
const LOAD_CATEGORIES = new Set(["syntax", "schema", "value"]);
const have = existsSync(PATH);
const printed = new NativelinkTexts();
const cases: { id: string; config_json5: string; nativelink_verdict: string; nativelink_message: string }[] = have
  ? JSON.parse(readFileSync(PATH, "utf8"))
  : [];

describe("NativeLink v1.6.6 loader verdicts (test/fixtures/reference/nativelink-1.6.6-verdicts.json)", () => {
  it("has the 183 cases", () => expect(cases.length).toBe(183));

  for (const c of cases) {
    it(`${c.id}: ${c.nativelink_verdict}`, async () => {
      const findings = await lint(c.config_json5);
      const loadErrors = findings.filter((f) => f.severity === "error" && LOAD_CATEGORIES.has(f.category));
      if (c.nativelink_verdict === "OK") {
        expect(loadErrors.map((f) => `${f.ruleId} ${f.pointer} ${f.message}`)).toEqual([]);
      } else {
        expect(findings.filter((f) => f.severity === "error").length).toBeGreaterThan(0);
      }
      // Every error's `nativelink` is text NativeLink prints for this config: its loader's message
      // (a rejected config), or a startup or connection failure of the catalog.
      const own = c.nativelink_verdict === "OK" ? undefined : loaderMessage(c.nativelink_message);
      const foreign = findings.filter((f) => f.severity === "error" && f.nativelink !== undefined && !printed.prints(f.nativelink, own));
      expect(foreign.map((f) => `${f.ruleId} ${f.pointer}: ${f.nativelink}`)).toEqual([]);
    });
  }

  it("says what NativeLink says on most rejected configs", async () => {
    let same = 0;
    const differ: string[] = [];
    const rejected = cases.filter((c) => c.nativelink_verdict !== "OK");
    for (const c of rejected) {
      const want = c.nativelink_message.replace(/^[A-Za-z]+: /, "");
      const findings = await lint(c.config_json5);
      if (findings.some((f) => f.severity === "error" && f.nativelink === want)) same++;
      else differ.push(`${c.id}: want ${want} | got ${findings.filter((f) => f.severity === "error").map((f) => f.nativelink).join(" ; ")}`);
    }
    console.log(`verdicts: NativeLink's exact message on ${same}/${rejected.length} rejected configs`);
    if (differ.length) console.log(differ.join("\n"));
    expect(same).toBeGreaterThanOrEqual(MIN_EXACT);
  });
});

/** Ratchet: raise it when agreement improves; a drop fails the build. */
const MIN_EXACT = 84;
