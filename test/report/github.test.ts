// Proves the GitHub reporter's annotations can't be hijacked by config text, and its summary can't carry markup.
import { describe, expect, it } from "vitest";
import { escapeControl } from "../../src/report/escape.ts";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codeCell, escapeData, escapeProperty, formatGithub, SUMMARY_LIMIT, summaryRoom, textCell } from "../../src/report/github.ts";
import type { Finding, Severity } from "../../src/types.ts";
import { firstOf } from "../helpers/first.ts";

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "store-ref-unknown",
    category: "reference",
    severity: "error",
    message: "store \"cas\" is not defined",
    file: "deploy/nativelink.json5",
    pointer: "/schedulers/0/simple/cas_store",
    line: 7,
    column: 3,
    endLine: 7,
    endColumn: 12,
    ...over,
  };
}

/** Values a config could contain that a naive reporter would turn into commands or markup. */
const HOSTILE = [
  "a\n::error::x",
  "b\r\n::add-mask::secret",
  "c\r::stop-commands::tok",
  "%0A::error::y",
  "%25%3A%2C",
  "::",
  "k=v,file=/etc/passwd",
  "x: y, z",
  "ctl \u0000\u0007\u001b[31m\u007f\u0085\u2028\u202e end",
  "<script>alert(1)</script> & <img src=x onerror=alert(1)>",
  "| a | b |\n| --- |",
  "[click](javascript:alert(1)) ![i](http://t/x.png) `code` *em* _u_ # h https://e.com www.e.com a@b.co",
  "back\\slash\\|pipe\\\\|",
];

/** The runner's decoding (actions/runner ActionCommand.Unescape*). */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}
function unescapeProperty(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
}

interface Parsed {
  command: string;
  props: Record<string, string>;
  message: string;
}

/** Parses one command line the way the runner does: the first `::` after the command ends its properties. */
function parse(line: string): Parsed {
  const m = /^::(error|warning|notice) ([^:]*)::(.*)$/s.exec(line);
  if (!m) throw new Error(`not one of our commands: ${JSON.stringify(line)}`);
  const props: Record<string, string> = {};
  const [, command = "", pairs = "", message = ""] = m;
  for (const pair of pairs.split(",")) {
    const eq = pair.indexOf("=");
    props[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command, props, message: unescapeData(message) };
}

/** Lines as the runner reads stdout. */
function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l !== "");
}

describe("escapeData / escapeProperty", () => {
  it("match actions/toolkit", () => {
    expect(escapeData("50%\r\nx: y, z")).toBe("50%25%0D%0Ax: y, z");
    expect(escapeProperty("50%\r\nx: y, z")).toBe("50%25%0D%0Ax%3A y%2C z");
    for (const s of HOSTILE) {
      expect(unescapeData(escapeData(s))).toBe(s);
      expect(unescapeProperty(escapeProperty(s))).toBe(s);
    }
  });
});

describe("formatGithub commands", () => {
  it("writes one annotation per finding with location, title and message", () => {
    const f = finding({ nativelink: "Store 'cas' not found", hint: "define it under stores" });
    const { commands } = formatGithub([f, finding({ severity: "warning" }), finding({ severity: "info" })]);
    expect(commands).toBe(
      "::error file=deploy/nativelink.json5,line=7,col=3,endLine=7,endColumn=12,title=store-ref-unknown::" +
        "store \"cas\" is not defined%0ANativeLink: Store 'cas' not found%0AFix: define it under stores\n" +
        "::warning file=deploy/nativelink.json5,line=7,col=3,endLine=7,endColumn=12,title=store-ref-unknown::store \"cas\" is not defined\n" +
        "::notice file=deploy/nativelink.json5,line=7,col=3,endLine=7,endColumn=12,title=store-ref-unknown::store \"cas\" is not defined\n",
    );
  });

  it("omits columns on multi-line spans and positions that don't exist", () => {
    const multi = parse(firstOf(lines(formatGithub([finding({ endLine: 9, endColumn: 2 })]).commands), "command"));
    expect(multi.props).toEqual({ file: "deploy/nativelink.json5", line: "7", endLine: "9", title: "store-ref-unknown" });
    const none = parse(firstOf(lines(formatGithub([finding({ line: 0, column: 0, endLine: 0, endColumn: 0 })]).commands), "command"));
    expect(none.props).toEqual({ file: "deploy/nativelink.json5", title: "store-ref-unknown" });
  });

  it("no config value can start a new command, and decoding returns the original text", () => {
    const findings = HOSTILE.flatMap((v, i) => [
      finding({ message: v, nativelink: v, hint: v, line: i + 1, endLine: i + 1 }),
      finding({ file: v, ruleId: v, severity: "warning", message: `m${i}` }),
    ]);
    const { commands } = formatGithub(findings, { maxPerLevel: 1000 });
    const out = lines(commands);
    expect(out).toHaveLength(findings.length);
    out.forEach((line, i) => {
      const p = parse(line);
      const f = firstOf(findings.slice(i));
      expect(p.command).toBe(f.severity === "error" ? "error" : "warning");
      expect(p.props.file).toBe(f.file);
      expect(p.props.title).toBe(f.ruleId);
      expect(p.message).toBe([f.message, ...(f.nativelink ? [`NativeLink: ${f.nativelink}`] : []), ...(f.hint ? [`Fix: ${f.hint}`] : [])].join("\n"));
    });
    for (const l of out.filter((x) => x.startsWith("::"))) expect(() => parse(l)).not.toThrow();
  });

  it("caps annotations per level and says how many more there were", () => {
    const make = (severity: Severity, n: number) => Array.from({ length: n }, (_, i) => finding({ severity, line: i + 1, endLine: i + 1 }));
    const findings = [...make("error", 13), ...make("warning", 4), ...make("info", 11)];
    const out = lines(formatGithub(findings).commands);
    const count = (c: string) => out.filter((l) => l.startsWith(`::${c} `)).length;
    expect([count("error"), count("warning"), count("notice")]).toEqual([10, 4, 10]);
    const plain = out.filter((l) => !l.startsWith("::"));
    expect(plain).toEqual(["nativelink-preflight: 4 more findings were not annotated (GitHub shows at most 10 per level); see the job summary."]);
    expect(out[out.length - 1]).toBe(plain[0]);
    expect(lines(formatGithub(findings, { maxPerLevel: 2 }).commands)).toHaveLength(7);
    expect(lines(formatGithub(make("error", 11)).commands).at(-1)).toMatch(/^nativelink-preflight: 1 more finding was not annotated/);
  });

  it("does not annotate suppressed findings, and prints nothing for none", () => {
    expect(formatGithub([finding({ suppressed: { kind: "inline" } })]).commands).toBe("");
    expect(formatGithub([]).commands).toBe("");
  });
});

/** Undoes textCell for text without control characters. */
function decodeCell(s: string): string {
  return s
    .replace(/<br>/g, "\n")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Splits a GFM table row into cells as cmark-gfm does: a backslash always takes the next character with it. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\") cur += row.charAt(i) + row.charAt(++i);
    else if (row[i] === "|") {
      out.push(cur);
      cur = "";
    } else cur += row.charAt(i);
  }
  out.push(cur);
  return out.slice(1, -1).map((c) => c.trim());
}

describe("formatGithub summary", () => {
  it("has a heading, a counts line and a table of all findings, suppressed ones included", () => {
    const findings = [finding(), finding({ severity: "warning" }), finding({ severity: "warning", suppressed: { kind: "config" } }), finding({ severity: "info" })];
    const md = formatGithub(findings, { maxPerLevel: 1 }).summaryMarkdown;
    const rows = md.split("\n");
    expect(rows.slice(0, 6)).toEqual([
      "## nativelink-preflight",
      "",
      "**1** error, **1** warning, **1** notice (and 1 suppressed).",
      "",
      "| Severity | Rule | Location | Message |",
      "| --- | --- | --- | --- |",
    ]);
    expect(rows[6]).toBe(
      String.raw`| error | <code>store\-ref\-unknown</code> | <code>deploy\/nativelink\.json5\:7\:3</code> | store \"cas\" is not defined |`,
    );
    expect(rows.filter((r) => r.startsWith("| "))).toHaveLength(6);
    expect(rows[8]).toMatch(/^\| warning \(suppressed\) \|/);
    expect(md.endsWith("\n")).toBe(true);
  });

  it("says so when there are no findings", () => {
    expect(formatGithub([]).summaryMarkdown).toBe("## nativelink-preflight\n\nNo findings.\n");
  });

  it("no config value can add rows, cells or markup", () => {
    const findings = HOSTILE.map((v) => finding({ file: v, ruleId: v, message: v, nativelink: v, hint: v }));
    const md = formatGithub(findings).summaryMarkdown;
    const rows = md.split("\n").filter((r) => r.startsWith("|"));
    expect(rows).toHaveLength(HOSTILE.length + 2);
    expect(md.split("\n")).toHaveLength(4 + HOSTILE.length + 2 + 1);
    for (const r of rows.slice(2)) {
      const row = cells(r);
      expect(row).toHaveLength(4);
      for (const cell of row.slice(1)) {
        const markupFree = cell.replace(/<br>|<\/?code>/g, "");
        expect(markupFree).not.toMatch(/[<>]/);
        expect(markupFree).not.toMatch(/&(?!amp;|lt;|gt;)/);
        // every punctuation character is escaped: none remain once escape pairs and entities are dropped
        const bare = markupFree.replace(/\\[!-/:-@[-`{-~]/g, "").replace(/&(amp|lt|gt);/g, "");
        expect(bare).not.toMatch(/[!-/:-@[-`{-~]/);
      }
    }
  });

  it("is empty when not even its heading fits", () => {
    expect(formatGithub([finding()], { summaryBytes: 40 }).summaryMarkdown).toBe("");
  });

  it("leaves the file lists out before its heading", () => {
    const findings = Array.from({ length: 50 }, (_, i) => finding({ line: i + 1 }));
    const files = { checked: ["deploy/cas.json5"], skipped: Array.from({ length: 3000 }, (_, i) => `data/f${i}.json`) };
    const md = formatGithub(findings, { files, summaryBytes: 300 }).summaryMarkdown;
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(300);
    expect(md).toMatch(/^## nativelink-preflight\n\n\*\*50\*\* errors, \*\*0\*\* warnings, \*\*0\*\* notices\.\n\n\*\*50 findings are not in this table\*\*/);
    expect(md).not.toContain("<details>");
  });

  it("fits the bytes it is given: rows in order while they fit, then how many are left out and where all are", () => {
    // Wide characters: the budget is UTF-8 bytes, not UTF-16 units.
    const findings = Array.from({ length: 400 }, (_, i) => finding({ message: `store "ünïcødé-${i}" is not defined`, line: i + 1 }));
    const whole = formatGithub(findings).summaryMarkdown;
    for (const bytes of [600, 4096, 20_000, Buffer.byteLength(whole) - 1]) {
      const report = formatGithub(findings, { summaryBytes: bytes, fullList: "The SARIF file lists every finding." });
      const md = report.summaryMarkdown;
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(bytes);
      const rows = md.split("\n").filter((r) => r.startsWith("| error"));
      expect(rows.length).toBeLessThan(400);
      // The first rows, in order, as the whole table has them.
      expect(whole.startsWith(md.slice(0, md.indexOf(rows.at(-1) ?? "| Severity")))).toBe(true);
      const left = 400 - rows.length;
      expect(md).toContain(`**${left === 1 ? "1 finding is" : `${left} findings are`} not in this table**: GitHub drops a step's job summary larger than 1 MiB. The SARIF file lists every finding.`);
    }
    // Room for everything: the table as it always was.
    expect(formatGithub(findings, { summaryBytes: Buffer.byteLength(whole) + 400 }).summaryMarkdown).toBe(whole);
  });

  it("counts the file names past its share of the bytes", () => {
    const checked = Array.from({ length: 5000 }, (_, i) => `deploy/site-${i}/nativelink.json5`);
    const md = formatGithub([finding()], { files: { checked, skipped: [] }, summaryBytes: 64 * 1024 }).summaryMarkdown;
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(64 * 1024);
    const listed = md.split("\n").filter((l) => l.startsWith("- <code>")).length;
    expect(listed).toBeGreaterThan(10);
    expect(md).toContain(`- and ${5000 - listed} more\n`);
    expect(md).toContain("| error |");
    // Unbounded as before where it fits.
    expect(formatGithub([finding()], { files: { checked: checked.slice(0, 3), skipped: [] } }).summaryMarkdown).not.toContain("more\n");
  });

  it("the room left is 1 MiB less what the step wrote before, and a diagram without room is a line instead", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-summary-"));
    const file = join(dir, "summary.md");
    expect(summaryRoom(file)).toBe(SUMMARY_LIMIT);
    writeFileSync(file, "x".repeat(SUMMARY_LIMIT - 300));
    expect(summaryRoom(file)).toBe(300);
    const { cli } = await import("../helpers/cli.ts");
    const cfg = join(dir, "a.json5");
    writeFileSync(cfg, '{ stores: [{ name: "S", grpc: { instance_name: "main", endpoints: [{ address: "grpc://b.internal:50051" }], store_type: "cas" } }], servers: [] }');
    writeFileSync(join(dir, "b.json5"), '{ stores: [{ name: "S", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ instance_name: "main", cas_store: "S" }] } }] }');
    const r = await cli(["--format", "github", "--host-map", "b.internal=b.json5", "a.json5", "b.json5"], { cwd: dir, env: { GITHUB_STEP_SUMMARY: file } });
    // No room for the table's heading: nothing of it, and a word on stderr.
    expect(r.stderr).toBe("nativelink-preflight: no room left in the job summary (GitHub drops a step's job summary larger than 1 MiB); it has no findings\n");
    const text = readFileSync(file, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(text).toContain("The deployment diagram (");
    expect(text).not.toContain("```mermaid");
    // With room, the diagram itself.
    writeFileSync(file, "");
    await cli(["--format", "github", "--host-map", "b.internal=b.json5", "a.json5", "b.json5"], { cwd: dir, env: { GITHUB_STEP_SUMMARY: file } });
    expect(readFileSync(file, "utf8")).toContain("```mermaid");
  });

  it("textCell and codeCell round-trip text without control characters", () => {
    for (const v of HOSTILE.filter((x) => !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/.test(x))) {
      expect(decodeCell(textCell(v))).toBe(v.replace(/\r\n|\r/g, "\n"));
      expect(decodeCell(codeCell(v).replace(/^<code>|<\/code>$/g, ""))).toBe(v.replace(/\r\n|\r/g, "\n"));
    }
  });

  it("makes control characters visible in the summary", () => {
    expect(textCell("a\u001b[31m\u202eb")).toBe("a\\\\x1b\\[31m\\\\u202eb");
  });
});

describe("escapeControl", () => {
  it("renders C0, DEL, C1, separators and bidi controls as escapes", () => {
    expect(escapeControl("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(escapeControl("\u0000\u0007\u001b[0m\u007f")).toBe("\\x00\\x07\\x1b[0m\\x7f");
    expect(escapeControl("\u0080\u0085\u009f")).toBe("\\x80\\x85\\x9f");
    expect(escapeControl("\u2028\u2029")).toBe("\\u2028\\u2029");
    expect(escapeControl("\u202a\u202b\u202c\u202d\u202e")).toBe("\\u202a\\u202b\\u202c\\u202d\\u202e");
    expect(escapeControl("\u2066\u2067\u2068\u2069")).toBe("\\u2066\\u2067\\u2068\\u2069");
    expect(escapeControl("\u200e\u200f\u061c")).toBe("\\u200e\\u200f\\u061c");
  });

  it("leaves ordinary text alone, including non-ASCII and backslashes", () => {
    const s = "C:\\configs\\設定 ü é 😀 \u00a0\u00ff ~ \u202f\u206a";
    expect(escapeControl(s)).toBe(s);
  });
});
