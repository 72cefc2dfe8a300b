// The rules' documentation ships beside the bundle (dist/rule-docs.json), not in it: the bundle's
// rule metadata holds what a check uses, and every command that prints documentation finds the
// rest in that file. These tests hold the bundle's output to the sources' own.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { transformSync } from "esbuild";
import { RULES } from "../rules/index.ts";
import { NETWORK_CHECK_DOCS } from "../src/connect/check-docs.ts";
import { EMOJI_REGEX_SHIM, RULE_DOC_FIELDS, stripRuleDocFields, Y18N_SHIM } from "../scripts/bundle-options.mjs";
import emojiRegex from "emoji-regex";
import { cli, tree } from "./helpers/cli.ts";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/nativelink-preflight.js");

function bundled(args: string[], cwd: string, binPath = bin) {
  const r = spawnSync(process.execPath, [binPath, ...args], { cwd, encoding: "utf8", env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RULE = `import { defineRule } from "../src/rule-helpers.ts";
const SCHED = "schedulers: []";
export default defineRule(
  {
    id: "demo-rule",
    category: "security",
    severity: "info",
    guide: true,
    summary: "a summary",
    why: "a reason",
    fix: "a fix",
    nativelink: [{ message: "said", source: "src/x.rs" }],
    catalog: ["slug"],
    examples: { bad: { config: \`{ \${SCHED} }\` }, good: { config: "{}" } },
    aboutFiles: true,
  },
  function* (ctx) {
    if (ctx.model) yield { at: "", message: "why: not the meta's" };
  },
);
`;

describe("stripRuleDocFields", () => {
  it("leaves the documentation fields out of defineRule's metadata and nothing else", async () => {
    const out = await stripRuleDocFields(RULE, "rules/demo-rule.ts");
    for (const f of RULE_DOC_FIELDS) expect(out, f).not.toMatch(new RegExp(`^\\s*${f}:`, "m"));
    for (const kept of ['id: "demo-rule"', 'category: "security"', 'severity: "info"', "guide: true", "aboutFiles: true", 'message: "why: not the meta\'s"']) expect(out).toContain(kept);
    // What is left is still TypeScript esbuild reads.
    expect(() => transformSync(out, { loader: "ts" })).not.toThrow();
  });

  it("refuses a rule whose documentation it cannot find, rather than ship it without", async () => {
    await expect(stripRuleDocFields(RULE.replace('    why: "a reason",\n', ""), "rules/x.ts")).rejects.toThrow(/no `why`/);
    await expect(stripRuleDocFields(RULE.replace("defineRule(\n  {", "defineRule(\n  META, {"), "rules/x.ts")).rejects.toThrow(/not an object literal/);
    expect(await stripRuleDocFields("export const x = 1;\n", "rules/helper.ts")).toBe("export const x = 1;\n");
  });
});

describe("dist/rule-docs.json", () => {
  it("holds every rule's whole metadata and the --connect checks' texts, in their sources' key order", () => {
    const want = JSON.stringify({ rules: Object.fromEntries(RULES.map((r) => [r.meta.id, r.meta])), networkChecks: NETWORK_CHECK_DOCS }) + "\n";
    expect(readFileSync(join(root, "dist/rule-docs.json"), "utf8")).toBe(want);
  });

  it("is not in the bundle: no rule's or --connect check's why text is in dist/cli.cjs", () => {
    const text = readFileSync(join(root, "dist/cli.cjs"), "utf8");
    const whys = [...RULES.map((r) => [r.meta.id, r.meta.why]), ...Object.entries(NETWORK_CHECK_DOCS ?? {}).map(([id, d]) => [id, d.why])];
    expect(whys.length).toBeGreaterThan(RULES.length);
    expect(whys.filter(([, why]) => text.includes(JSON.stringify(why).slice(1, 60))).map(([id]) => id)).toEqual([]);
  });

  it("the bundle's rules, explain, SARIF and JUnit equal the sources' output", async () => {
    const dir = tree({ "c.json5": '{ stores: [{ name: "CAS", memory: {}, note: "x" }], servers: [] }' });
    for (const args of [
      ["rules", "--format", "json"],
      ["rules"],
      ["explain", "admin-path-valid", "--format", "json"],
      ["explain", "mtls-crl"],
      ["explain", "connect-redis"],
      ["explain", "connect-endpoint", "--format", "json"],
      ["check", "c.json5", "--format", "sarif"],
      ["check", "c.json5", "--format", "junit"],
      ["--help"],
      ["check", "--help"],
      ["graph", "--help"],
    ]) {
      const want = await cli(args, { cwd: dir });
      const have = bundled(args, dir);
      expect(have.stderr, args.join(" ")).toBe("");
      expect({ code: have.code, stdout: have.stdout }, args.join(" ")).toEqual({ code: want.code, stdout: want.stdout });
    }
  });

  it("the bundle's usage errors (yargs' messages, through the bundle's y18n) equal the sources'", async () => {
    const dir = tree({ "c.json5": '{ stores: [{ name: "CAS", memory: {} }], servers: [] }' });
    for (const args of [["explain"], ["explain", "a", "b"], ["check", "--format"], ["--bogus", "c.json5"], ["graph", "--format", "nope", "c.json5"], ["check", "--max-warnings"], ["--format", "json", "--format", "sarif", "c.json5"], ["migrate"]]) {
      const want = await cli(args, { cwd: dir });
      const have = bundled(args, dir);
      expect({ code: have.code, stdout: have.stdout, stderr: have.stderr }, args.join(" ")).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
    }
  });

  it("without the file a check still runs, and a command that needs it says what is missing", () => {
    const copy = tree({});
    mkdirSync(join(copy, "bin"));
    mkdirSync(join(copy, "dist"));
    for (const f of ["bin/nativelink-preflight.js", "bin/package.json", "dist/cli.cjs"]) copyFileSync(join(root, f), join(copy, f));
    const dir = tree({ "c.json5": '{ stores: [{ name: "CAS", memory: {} }], servers: [] }' });
    const copyBin = join(copy, "bin/nativelink-preflight.js");
    expect(bundled(["c.json5", "--format", "json"], dir, copyBin).code).toBe(0);
    const r = bundled(["explain", "mtls-crl"], dir, copyBin);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cannot read the rules' documentation");
    expect(r.stderr).toContain("reinstall the package");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the bundle's emoji pattern (string-width's, for help text widths)", () => {
  it("matches what emoji-regex matches, on emoji of every kind and on plain text", () => {
    const shim = { exports: {} as unknown };
    runInNewContext(EMOJI_REGEX_SHIM, { module: shim });
    const bundled = shim.exports as () => RegExp;
    const samples = [
      "plain ASCII text, no emoji",
      "😀 smile", "👍🏽 skin tone", "👨‍👩‍👧‍👦 family ZWJ", "🏳️‍🌈 flag ZWJ", "🇩🇪 regional flag", "1️⃣ keycap", "❤️ text-default with VS16",
      "🏴󠁧󠁢󠁳󠁣󠁴󠁿 subdivision flag", "mixed 😀 and 中文 and 👍🏽👍",
    ];
    for (const s of samples) {
      expect([...s.matchAll(bundled())].map((m) => [m.index, m[0]]), s).toEqual([...s.matchAll(emojiRegex())].map((m) => [m.index, m[0]]));
    }
    // Newer than emoji-regex 8 (Unicode 12): the engine's set knows the sequence as one emoji, which
    // a terminal draws in two columns; emoji-regex 8 sees two emoji.
    const newer = "🧑‍💻";
    expect([...newer.matchAll(bundled())].map((m) => m[0])).toEqual([newer]);
    expect([...newer.matchAll(emojiRegex())]).toHaveLength(2);
  });
});

describe("the bundle's empty color-convert (ansi-styles' color helpers, which nothing reads)", () => {
  it("wrap-ansi, the one module that requires ansi-styles, reads only its codes", () => {
    const require = createRequire(join(root, "package.json"));
    // The modules the bundle takes from node_modules that require ansi-styles at all.
    const users = ["wrap-ansi", "cliui", "yargs", "string-width"].filter((m) => /require\(['"]ansi-styles['"]\)/.test(readFileSync(require.resolve(m), "utf8")));
    expect(users).toEqual(["wrap-ansi"]);
    const reads = readFileSync(require.resolve("wrap-ansi"), "utf8").match(/ansiStyles\.\w+/g) ?? [];
    expect(new Set(reads)).toEqual(new Set(["ansiStyles.codes"]));
  });

  it("leaves color-convert's conversions out of the bundle", () => {
    const bundle = readFileSync(join(root, "dist/cli.cjs"), "utf8");
    // color-convert names one of its color spaces hcg (hue, chroma, grayness); nothing else in the bundle does.
    expect(bundle).not.toMatch(/\bhcg\b/);
  });
});

describe("the bundle's throwing require-directory and get-caller-file (yargs' commandDir, which this tool does not call)", () => {
  it("yargs calls them only in commandDir", () => {
    // The build the bundle takes (yargs' CommonJS entry).
    const yargs = readFileSync(join(root, "node_modules/yargs/build/index.cjs"), "utf8");
    // Each is called once, and both calls are in the method that reads commands from a directory.
    const calls = [...yargs.matchAll(/\.(requireDirectory|getCallerFile)\(/g)];
    expect(calls.map((m) => m[1]).sort()).toEqual(["getCallerFile", "requireDirectory"]);
    for (const m of calls) {
      const before = yargs.slice(0, m.index);
      const method = /(?:^|[^.\w])(addDirectory|commandDir)\([^)]*\)\{/g;
      const starts = [...before.matchAll(method)].at(-1);
      expect(starts, m[1]).toBeDefined();
      // No other method begins between the commandDir (addDirectory) method's start and the call.
      expect(/\}\s*[A-Za-z_$][\w$]*\([^)]*\)\{/.test(before.slice(starts!.index + starts![0].length)), m[1]).toBe(false);
    }
  });

  it("leaves them out of the bundle", () => {
    const bundle = readFileSync(join(root, "dist/cli.cjs"), "utf8");
    expect(bundle).toContain("yargs' commandDir is not in this bundle");
    // require-directory's default extensions name CoffeeScript; nothing else in the bundle does.
    expect(bundle).not.toContain("coffee");
  });
});

describe("the bundle's y18n (English only: the bundle ships no locale files)", () => {
  it("formats as y18n does, singular and plural, and takes updated strings", () => {
    const require = createRequire(join(root, "package.json"));
    const real = (require(join(root, "node_modules/y18n/build/index.cjs")) as (o: object) => Record<string, (...a: unknown[]) => unknown>)({ directory: join(root, "no-locales"), updateFiles: false });
    const mod = { exports: {} as unknown };
    runInNewContext(Y18N_SHIM, { module: mod, require });
    const shim = (mod.exports as () => Record<string, (...a: unknown[]) => unknown>)();
    const calls: [string, unknown[]][] = [
      ["__", ["Commands:"]],
      ["__", ["Unknown argument: %s", "x"]],
      ["__", ["Argument check failed: %s", "no"]],
      ["__", ["%s and %s", "a"]],
      ["__n", ["Not enough non-option arguments: got %s, need at least %s", "Not enough non-option arguments: got %s, need at least %s", 0, 0, 1]],
      ["__n", ["Unknown argument: %s", "Unknown arguments: %s", 1, "x"]],
      ["__n", ["Unknown argument: %s", "Unknown arguments: %s", 2, "x, y"]],
      ["__n", ["%d file", "%d files", 1]],
      ["__n", ["%d file", "%d files", 3, "extra"]],
    ];
    for (const [fn, args] of calls) expect(shim[fn]!(...args), `${fn} ${JSON.stringify(args)}`).toBe(real[fn]!(...args));
    for (const y of [real, shim]) y.updateLocale!({ "Commands:": "Befehle:", "%d file": { one: "%d Datei", other: "%d Dateien" } });
    for (const [fn, args] of [["__", ["Commands:"]], ["__n", ["%d file", "%d files", 2]]] as const) expect(shim[fn]!(...args)).toBe(real[fn]!(...args));
    shim.setLocale!("de");
    expect(shim.getLocale!()).toBe("de");
  });
});
