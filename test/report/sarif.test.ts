// Checks the SARIF reporter against the official 2.1.0 schema and GitHub code scanning's expectations.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { fileLocation, formatSarif, GITHUB_SARIF_RESULTS, pascalCase, type SarifOptions } from "../../src/report/sarif.ts";
import type { Finding, RuleMeta } from "../../src/types.ts";
import { firstOf } from "../helpers/first.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemaPath = path.resolve(projectRoot, "test/fixtures/reference/schemas/sarif-2.1.0.json");

let validator: ValidateFunction | undefined;
function validate(text: string): void {
  validator ??= new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
    JSON.parse(readFileSync(schemaPath, "utf8")),
  );
  const ok = validator(JSON.parse(text));
  expect(validator.errors ?? [], JSON.stringify(validator.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

function rule(id: string, over: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    category: "tls",
    severity: "error",
    summary: `${id} summary`,
    why: `${id} why`,
    fix: `${id} fix`,
    examples: { bad: { config: "{}" }, good: { config: "{}" } },
    ...over,
  };
}

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "tls-cert-missing",
    category: "tls",
    severity: "error",
    message: "certificate file does not exist",
    file: "nativelink.json5",
    pointer: "/servers/0/listener/http/tls/cert_file",
    line: 12,
    column: 22,
    endLine: 12,
    endColumn: 40,
    ...over,
  };
}

const RULES = [rule("tls-cert-missing"), rule("store-ref-unknown", { category: "reference", severity: "warning" }), rule("host-hint", { category: "host", severity: "info" })];
const OPTS: SarifOptions = { rules: RULES, toolVersion: "0.1.0", informationUri: "https://example.com/nativelink-preflight" };

/** The parts of a SARIF result these tests read. */
interface SarifResult {
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: object } }[];
  partialFingerprints: { primaryLocationLineHash: string };
}

function run(findings: Finding[], opts: Partial<SarifOptions> = {}) {
  const text = formatSarif(findings, { ...OPTS, ...opts });
  return { text, log: JSON.parse(text), run: JSON.parse(text).runs[0] };
}

describe("formatSarif", () => {
  it("the schema validator rejects a broken log (sanity check)", () => {
    expect(() => validate(JSON.stringify({ version: "2.1.0", runs: [{ results: [] }] }))).toThrow();
  });

  it("empty findings: a valid log with one run, every rule and no results", () => {
    const { text, log, run: r } = run([]);
    validate(text);
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(r.results).toEqual([]);
    expect(r.columnKind).toBe("utf16CodeUnits");
    expect(r.tool.driver.name).toBe("nativelink-preflight");
    expect(r.tool.driver.rules.map((d: { id: string }) => d.id)).toEqual(RULES.map((x) => x.id));
  });

  it("keeps at most maxResults results: errors, then warnings, notes, suppressed, each in its place", () => {
    const kinds: Partial<Finding>[] = [{ severity: "info" }, { severity: "error", suppressed: { kind: "config" } }, { severity: "warning" }, { severity: "error" }];
    // 4 kinds x 5, each finding on its own line so the results can be told apart.
    const findings = Array.from({ length: 20 }, (_, i) => finding({ ...kinds[i % 4], line: i + 1, endLine: i + 1 }));
    const { text, run: r } = run(findings, { maxResults: 12 });
    validate(text);
    const lines = r.results.map((x: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => x.locations[0]!.physicalLocation.region.startLine);
    // The 5 errors and 5 warnings, then the first 2 notes; in the findings' order.
    expect(lines).toEqual([1, 3, 4, 5, 7, 8, 11, 12, 15, 16, 19, 20]);
    expect(r.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: "warning", message: { text: "8 of 20 results are left out (suppressed ones first, then notes, then warnings): GitHub code scanning refuses a run of more than 12 results" } }],
      },
    ]);
    // Within the bound, the log is the one without it.
    expect(run(findings, { maxResults: 20 }).text).toBe(run(findings).text);
    expect(GITHUB_SARIF_RESULTS).toBe(25_000);
  });

  it("is 2-space-indented JSON with a trailing newline", () => {
    const { text } = run([finding()]);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toMatch(/^ {2}"\$schema"/);
  });

  it("describes each rule as a reportingDescriptor", () => {
    const { text, run: r } = run([], { docsBaseUri: "https://example.com/docs/rules" });
    validate(text);
    expect(r.tool.driver.rules[1]).toEqual({
      id: "store-ref-unknown",
      name: "StoreRefUnknown",
      shortDescription: { text: "store-ref-unknown summary" },
      fullDescription: { text: "store-ref-unknown why" },
      help: {
        text: "store-ref-unknown fix",
        markdown: "store-ref-unknown why\n\n**Fix:** store-ref-unknown fix\n\n[Documentation](https://example.com/docs/rules/store-ref-unknown.md)",
      },
      helpUri: "https://example.com/docs/rules/store-ref-unknown.md",
      defaultConfiguration: { level: "warning" },
      properties: { category: "reference", tags: ["reference"] },
    });
    expect(r.tool.driver.rules[2].defaultConfiguration.level).toBe("note");
    expect(run([]).run.tool.driver.rules[0].helpUri).toBeUndefined();
  });

  it("PascalCases rule ids", () => {
    expect(pascalCase("tls-cert-expired")).toBe("TlsCertExpired");
    expect(pascalCase("x509")).toBe("X509");
  });

  it("maps a finding to a result with location, region, pointer and properties", () => {
    const f = finding({ severity: "info", ruleId: "host-hint", hint: "create it", nativelink: "No such file", reproduce: "ls -l x" });
    const { text, run: r } = run([f]);
    validate(text);
    const res = r.results[0];
    expect(res.ruleId).toBe("host-hint");
    expect(res.level).toBe("note");
    expect(res.message).toEqual({ text: "certificate file does not exist" });
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "nativelink.json5", uriBaseId: "%SRCROOT%", index: 0 },
      region: { startLine: 12, startColumn: 22, endLine: 12, endColumn: 40 },
    });
    expect(res.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: f.pointer, kind: "value" }]);
    expect(res.properties).toEqual({ hint: "create it", nativelink: "No such file", reproduce: "ls -l x" });
    expect(r.artifacts).toEqual([{ location: { uri: "nativelink.json5", uriBaseId: "%SRCROOT%" } }]);
    expect(run([finding()]).run.results[0].properties).toBeUndefined();
  });

  it("every result's ruleIndex points at its rule, including rules without metadata", () => {
    const findings = [
      finding({ ruleId: "host-hint" }),
      finding({ ruleId: "syntax-error", category: "syntax" }),
      finding({ ruleId: "tls-cert-missing" }),
      finding({ ruleId: "syntax-error", category: "syntax", line: 3 }),
    ];
    const { text, run: r } = run(findings);
    validate(text);
    const rules = r.tool.driver.rules;
    for (const res of r.results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(rules.filter((d: { id: string }) => d.id === "syntax-error")).toEqual([
      {
        id: "syntax-error",
        name: "SyntaxError",
        shortDescription: { text: "syntax-error" },
        fullDescription: { text: "syntax-error" },
        help: { text: "No documentation is available for syntax-error." },
      },
    ]);
  });

  it("related locations become relatedLocations with ids and messages", () => {
    const f = finding({
      related: [
        { file: "nativelink.json5", pointer: "/stores/0/name", message: "first defined here", line: 3, column: 5, endLine: 3, endColumn: 11 },
        { file: "other dir/inc.json5", pointer: "", message: "included from here", line: 1, column: 1, endLine: 1, endColumn: 1 },
      ],
    });
    const { text, run: r } = run([f]);
    validate(text);
    const rel = r.results[0].relatedLocations;
    expect(rel.map((x: { id: number }) => x.id)).toEqual([0, 1]);
    expect(rel[0].message).toEqual({ text: "first defined here" });
    expect(rel[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 5, endLine: 3, endColumn: 11 });
    expect(rel[0].logicalLocations).toEqual([{ fullyQualifiedName: "/stores/0/name", kind: "value" }]);
    expect(rel[1].physicalLocation.artifactLocation).toEqual({ uri: "other%20dir/inc.json5", uriBaseId: "%SRCROOT%", index: 1 });
    expect(rel[1].logicalLocations).toBeUndefined();
    expect(r.artifacts).toHaveLength(2);
  });

  it("suppressed findings carry SARIF suppressions", () => {
    const { text, run: r } = run([
      finding({ suppressed: { kind: "inline", justification: "test fixture" } }),
      finding({ suppressed: { kind: "config" }, line: 13, endLine: 13 }),
      finding({ line: 14, endLine: 14 }),
    ]);
    validate(text);
    expect(r.results[0].suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "test fixture" }]);
    expect(r.results[1].suppressions).toEqual([{ kind: "external", status: "accepted" }]);
    expect(r.results[2].suppressions).toBeUndefined();
  });

  it("odd file names become valid, decodable relative URIs", () => {
    const cases: [string, string][] = [
      ["my configs/base config.json5", "my%20configs/base%20config.json5"],
      ["konfigürasyon/設定.json5", "konfig%C3%BCrasyon/%E8%A8%AD%E5%AE%9A.json5"],
      ["configs\\win\\cfg.json5", "configs/win/cfg.json5"],
      ["./a/../b.json5", "b.json5"],
      ["100%#?[x].json5", "100%25%23%3F%5Bx%5D.json5"],
      ["c:odd.json5", "c%3Aodd.json5"],
    ];
    const findings = cases.map(([file], i) => finding({ file, line: i + 1, endLine: i + 1 }));
    const { text, run: r } = run(findings);
    validate(text);
    r.results.forEach((res: SarifResult, i: number) => {
      const loc = firstOf(res.locations, "location").physicalLocation.artifactLocation;
      const [file = "", uri = ""] = cases[i] ?? [];
      expect(loc.uri).toBe(uri);
      expect(loc.uriBaseId).toBe("%SRCROOT%");
      expect(new URL(loc.uri, "file:///root/").href.startsWith("file:///root/")).toBe(true);
      expect(decodeURIComponent(loc.uri)).toBe(path.posix.normalize(file.replace(/\\/g, "/")));
    });
  });

  it("absolute paths are made relative to cwd, or become file: URIs", () => {
    expect(fileLocation("/repo/deploy/x y.json5", "/repo")).toEqual({ uri: "deploy/x%20y.json5", uriBaseId: "%SRCROOT%" });
    expect(fileLocation("/repo/deploy/x.json5", "/repo/")).toEqual({ uri: "deploy/x.json5", uriBaseId: "%SRCROOT%" });
    expect(fileLocation("/repository/x.json5", "/repo")).toEqual({ uri: "file:///repository/x.json5" });
    expect(fileLocation("/etc/nl/ü.json5")).toEqual({ uri: "file:///etc/nl/%C3%BC.json5" });
    expect(fileLocation("C:\\Users\\me\\cfg.json5", "c:\\users\\me")).toEqual({ uri: "cfg.json5", uriBaseId: "%SRCROOT%" });
    expect(fileLocation("C:\\Program Files\\cfg.json5")).toEqual({ uri: "file:///C:/Program%20Files/cfg.json5" });
    expect(fileLocation("\\\\server\\share\\cfg.json5")).toEqual({ uri: "file://server/share/cfg.json5" });
    expect(fileLocation("bad\ud800.json5").uri).toBe("bad%EF%BF%BD.json5");
  });

  it("states what %SRCROOT% means when cwd is absolute", () => {
    const { text, run: r } = run([finding({ file: "/work/x.json5" })], { cwd: "/work" });
    validate(text);
    expect(r.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/" } });
    expect(r.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("x.json5");
    expect(run([], { cwd: "rel" }).run.originalUriBaseIds).toBeUndefined();
  });

  it("fingerprints are stable, location-sensitive and distinguish repeats", () => {
    const fp = (fs: Finding[]) => run(fs).run.results.map((x: SarifResult) => x.partialFingerprints.primaryLocationLineHash);
    const [a] = fp([finding()]);
    expect(a).toMatch(/^[0-9a-f]{16}:1$/);
    expect(fp([finding({ line: 99, endLine: 99, message: "reworded" })])[0]).toBe(a);
    expect(fp([finding({ file: "./nativelink.json5" })])[0]).toBe(a);
    expect(fp([finding({ pointer: "/other" })])[0]).not.toBe(a);
    expect(fp([finding({ ruleId: "host-hint" })])[0]).not.toBe(a);
    const [x, y] = fp([finding(), finding()]);
    expect([x, y]).toEqual([a, a.replace(/:1$/, ":2")]);
  });

  it("omits region parts that would be invalid", () => {
    const { text, run: r } = run([
      finding({ line: 0, column: 0, endLine: 0, endColumn: 0 }),
      finding({ line: 5, column: 9, endLine: 5, endColumn: 3 }),
      finding({ line: 5, column: 9, endLine: 7, endColumn: 1 }),
    ]);
    validate(text);
    const regions = r.results.map((x: SarifResult) => x.locations[0]?.physicalLocation.region);
    expect(regions).toEqual([undefined, { startLine: 5, startColumn: 9 }, { startLine: 5, startColumn: 9, endLine: 7, endColumn: 1 }]);
  });
});
