// Inline suppression comments: what they silence, and the bookkeeping rules about them.
import { describe, expect, it } from "vitest";
import { lint, lines } from "./helpers/lint.ts";
import { seeded } from "./helpers/seeded.ts";
import { countLines, DirectiveIndex, findingLines, parseDirectives, silencesAny, type Directive } from "../src/suppress.ts";
import type { Comment } from "../src/load.ts";
import { parseConfigText } from "../src/load.ts";
import type { Finding } from "../src/types.ts";

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

describe("where a block ends, and whether a directive silences anything", () => {
  /** What parseDirectives did before: every enable from the disable's line on, in order, asked in turn. */
  const endInOrder = (ds: Directive[], d: Directive) =>
    ds.find((e) => e.kind === "enable" && e.span.line >= d.span.line && (e.rules.length === 0 || d.rules.every((r) => e.rules.includes(r))))?.span.line;
  const comment = (line: number, column: number, text: string): Comment => ({ kind: "block", text, span: { line, column, endLine: line, endColumn: column + text.length + 4 } });

  it("ends each disable where a search of every later enable in order ends it, over 300 generated files", () => {
    const rand = seeded(0xe4d);
    const rules = ["r-a", "r-b", "r-c"];
    for (let round = 0; round < 300; round++) {
      const comments: Comment[] = [];
      let line = 1;
      for (let k = rand(30); k > 0; k--) {
        line += rand(3);
        const kind = rand(2) === 0 ? "disable" : "enable";
        const named = Array.from({ length: rand(4) }, () => rules[rand(rules.length)]!);
        comments.push(comment(line, 1 + rand(4) * 20, ` nativelink-preflight-${kind} ${named.join(", ")} `));
      }
      const lineCount = line + 5;
      const ds = parseDirectives(comments, lineCount);
      for (const d of ds) {
        if (d.kind !== "disable") continue;
        expect(d.to, `round ${round}: ${JSON.stringify(comments.map((c) => [c.span.line, c.text]))}`).toBe(endInOrder(ds, d) ?? lineCount);
      }
    }
  });

  it("says a directive silences something exactly when a look at every finding says so, over 300 generated sets", () => {
    const rand = seeded(0x5117);
    const rules = ["r-a", "r-b", "r-c", "r-d"];
    for (let round = 0; round < 300; round++) {
      const findings = Array.from({ length: rand(40) }, () => ({ ruleId: rules[rand(rules.length)]!, line: 1 + rand(60) }) as Finding);
      const index = findingLines(findings);
      for (let k = 0; k < 20; k++) {
        const from = 1 + rand(65);
        const d = { kind: "disable", rules: Array.from({ length: rand(3) }, () => rules[rand(rules.length)]!), span: { line: from, column: 1, endLine: from, endColumn: 2 }, from, to: from + rand(30) } as Directive;
        const scan = findings.some((f) => f.line >= d.from && f.line <= d.to && (d.rules.length === 0 || d.rules.includes(f.ruleId)));
        expect(silencesAny(d, index), `round ${round}: ${JSON.stringify(d)}`).toBe(scan);
      }
    }
  });

  it("a disable and its enable each naming 20,000 rule ids: the enable is found without comparing every id with every id", async () => {
    const { measureWork } = await import("./helpers/work.ts");
    const ids = Array.from({ length: 20_000 }, (_, i) => `r-${i}`).join(", ");
    const comments = [comment(2, 3, ` nativelink-preflight-disable ${ids} -- generated `), comment(4, 3, ` nativelink-preflight-enable ${ids} `)];
    const { result, work } = await measureWork(() => parseDirectives(comments, 10));
    expect(result[0]!.to).toBe(4);
    // Before: each id of the disable was looked for among the enable's (2e8 elements).
    expect(work.elements).toBeLessThan(1_000_000);
  });

  it(
    "6,000 blocks that enable another rule than they disable, and 6,000 open blocks of a rule with no finding: work grows with the count, not its square",
    async () => {
      const { measureWork } = await import("./helpers/work.ts");
      const units = 6_000;
      const store = (i: number) => `{ name: "R_${i}", ref_store: { name: "MISSING_${i}" } },`;
      // Each disable is ended by no enable: before, each read every enable after it (units^2 / 2 of them).
      const mismatched = Array.from({ length: units }, (_, i) => `  /* nativelink-preflight-disable store-ref-defined -- generated */\n  ${store(i)}\n  /* nativelink-preflight-enable listener-plaintext */`);
      const a = await measureWork(() => lint(`{\n stores: [\n${mismatched.join("\n")}\n ],\n servers: [],\n}\n`, { reportUnusedSuppressions: true }));
      expect(a.result.filter((f) => f.ruleId === "store-ref-defined" && f.suppressed)).toHaveLength(units);
      expect(a.work.elements).toBeLessThan(200 * units);
      // Each open block silences nothing: before, each read every finding after it to the end of the file.
      const open = Array.from({ length: units }, (_, i) => `  // nativelink-preflight-disable listener-plaintext -- generated\n  ${store(i)}`);
      const b = await measureWork(() => lint(`{\n stores: [\n${open.join("\n")}\n ],\n servers: [],\n}\n`, { reportUnusedSuppressions: true }));
      expect(b.result.filter((f) => f.ruleId === "suppression-unused")).toHaveLength(units);
      expect(b.work.elements).toBeLessThan(200 * units);
    },
    120_000,
  );
});

describe("the directive index", () => {
  /** The first directive, in comment order, whose lines and rules cover the finding: what the index must answer. */
  const firstCovering = (ds: Directive[], f: Finding) =>
    ds.find((d) => d.kind !== "enable" && (d.rules.length === 0 || d.rules.includes(f.ruleId)) && f.line >= d.from && f.line <= d.to);

  it("finds what a search of every directive in order finds, over 300 generated sets of nested, open and next-line directives", () => {
    const rand = seeded(0xb10c);
    const rules = ["r-a", "r-b", "r-c"];
    for (let round = 0; round < 300; round++) {
      const lines = 5 + rand(60);
      const ds: Directive[] = [];
      let line = 1;
      for (let k = rand(25); k > 0; k--) {
        line += rand(3);
        const kind = (["disable", "disable", "disable-next-line", "enable"] as const)[rand(4)]!;
        const named = Array.from({ length: rand(3) }, () => rules[rand(rules.length)]!);
        const span = { line, column: 1, endLine: line, endColumn: 2 };
        const to = kind === "disable-next-line" ? line + 1 : kind === "disable" ? (rand(3) === 0 ? lines : line + rand(12)) : line;
        ds.push({ kind, rules: named, span, from: kind === "disable-next-line" ? line + 1 : line, to });
      }
      // Now and then out of line order, which the index leaves to the search in order.
      if (rand(10) === 0) ds.reverse();
      const index = new DirectiveIndex(ds);
      for (let l = 1; l <= lines + 1; l++) {
        for (const ruleId of [...rules, "r-z"]) {
          const f = { ruleId, line: l } as Finding;
          expect(index.first(f), `round ${round}, line ${l}, ${ruleId}`).toBe(firstCovering(ds, f));
        }
      }
    }
  });

  it("12,000 disable ... enable pairs, each around its own duplicate key: every one silences its own", async () => {
    const units = 12_000;
    const pairs = Array.from({ length: units }, (_, i) => `  /* nativelink-preflight-disable key-duplicate -- generated */\n  { name: "S_${i}", name: "S_${i}", memory: {} },\n  /* nativelink-preflight-enable key-duplicate */`);
    const text = `{\n stores: [\n${pairs.join("\n")}\n ],\n servers: [],\n}\n`;
    const loaded = parseConfigText({ file: "c.json5", path: "/c.json5", comments: [] }, Buffer.from(text));
    const directives = parseDirectives(loaded.comments, countLines(text));
    const index = new DirectiveIndex(directives);
    const { measureWork } = await import("./helpers/work.ts");
    const { result, work } = await measureWork(() => Array.from({ length: units }, (_, i) => index.first({ ruleId: "key-duplicate", line: 4 + 3 * i } as Finding)));
    expect(result.every((d, i) => d === directives[2 * i])).toBe(true);
    // A search in order from the first block asks each block it passes whether it names the rule:
    // units^2 / 2 = 7.2e7 elements.
    expect(work.elements).toBeLessThan(50 * units);
  }, 120_000);
});
