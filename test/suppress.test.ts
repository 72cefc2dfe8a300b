// Inline suppression comments: what they silence, and the bookkeeping rules about them.
import { describe, expect, it } from "vitest";
import { lint, lines } from "./helpers/lint.ts";

const ignoredKey = (comment: string) => `{\n  ${comment}\n  stores: [{ name: "S", memory: {}, note: "x" }],\n  servers: [],\n}`;

describe("inline suppressions", () => {
  it("disable-next-line silences the named rule on the next line and keeps the finding as suppressed", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line key-ignored -- read by our deploy script"));
    const hit = f.find((x) => x.ruleId === "key-ignored")!;
    expect(hit.suppressed).toEqual({ kind: "inline", justification: "read by our deploy script" });
    expect(f.filter((x) => !x.suppressed).map((x) => x.ruleId)).toEqual([]);
  });

  it("a directive for another rule silences nothing, and says so", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line key-unknown -- wrong rule"));
    expect(f.find((x) => x.ruleId === "key-ignored")?.suppressed).toBeUndefined();
    expect(lines(f, "suppression-unused")).toEqual(["2:3 this nativelink-preflight-disable-next-line comment silences nothing"]);
  });

  it("block disable ... enable covers the lines between, and only those", async () => {
    const text = '{\n  /* nativelink-preflight-disable key-ignored -- legacy keys */\n  stores: [{ name: "S", memory: {}, note: "x" }],\n  /* nativelink-preflight-enable key-ignored */\n  schedulers: [{ name: "X", simple: {}, note: "y" }],\n  servers: [],\n}';
    const f = await lint(text);
    expect(f.filter((x) => x.ruleId === "key-ignored").map((x) => `${x.line} ${Boolean(x.suppressed)}`)).toEqual(["3 true", "5 false"]);
  });

  it("a directive without ids covers every rule", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line -- generated file"));
    expect(f.filter((x) => !x.suppressed)).toEqual([]);
  });

  it("warns about a directive without a reason", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line key-ignored"));
    expect(lines(f, "suppression-reason")).toEqual(["2:3 this nativelink-preflight-disable-next-line comment gives no reason"]);
  });

  it("reports a directive naming no rule", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line key-ignord -- typo"));
    expect(lines(f, "suppression-unused")).toEqual(['2:3 no rule "key-ignord": this comment silences nothing for it']);
  });

  it("does not report unused directives when that is turned off", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line key-unknown -- wrong rule"), { reportUnusedSuppressions: false });
    expect(lines(f, "suppression-unused")).toEqual([]);
  });

  // The directive's last word ends at the comment's */ on a CRLF line: its text must keep every
  // character (momoa's range for such a comment falls a unit short per CRLF in it). Both parsers:
  // the NBSP before `stores` sends the second text to momoa.
  it.each([
    ["the fast parser", " "],
    ["momoa", "\u00a0"],
  ])("a CRLF block directive keeps its last rule id whole (%s)", async (_parser, space) => {
    const text = `{\r\n  /* nativelink-preflight-disable-next-line\r\n     key-ignored*/\r\n ${space}stores: [{ name: "S", memory: {}, note: "x" }],\r\n  servers: [],\r\n}\r\n`;
    const f = await lint(text);
    expect(f.find((x) => x.ruleId === "key-ignored")?.suppressed).toBeDefined();
    expect(lines(f, "suppression-unused")).toEqual([]);
  });

  it("cannot silence its own bookkeeping", async () => {
    const f = await lint(ignoredKey("// nativelink-preflight-disable-next-line"));
    expect(f.find((x) => x.ruleId === "suppression-reason")?.suppressed).toBeUndefined();
  });
});

describe("suppressions at scale", () => {
  it(
    "8,000 disable-next-line comments, each silencing its line's duplicate key: work grows with the count, not its square",
    async () => {
      const { measureWork } = await import("./helpers/work.ts");
      const { generate } = await import("../scripts/bench-shapes.mjs");
      const { text, units } = generate("suppressions", 1024 * 1024);
      expect(units).toBeGreaterThan(8000);
      const { result, work } = await measureWork(() => lint(text, { reportUnusedSuppressions: true }));
      const dups = result.filter((f) => f.ruleId === "key-duplicate");
      expect(dups).toHaveLength(units);
      expect(dups.every((f) => f.suppressed?.justification === "generated")).toBe(true);
      expect(result.filter((f) => f.ruleId.startsWith("suppression-"))).toEqual([]);
      // Before: each finding tried the directives in order (Array#find), and each directive looked
      // through every finding (Array#some): units x units, about 10^8 elements.
      expect(work.elements).toBeLessThan(200 * units);
    },
    120_000,
  );
});
