// Which files are NativeLink configs: walks, globs and the hook skip other JSON; named files are checked.
import { describe, expect, it } from "vitest";
import { cli as runCli, tree } from "./helpers/cli.ts";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { looksLikeNativeLinkConfig, mayBeConfig } from "../src/sniff.ts";
import { loadConfigFile, MAX_CONFIG_BYTES, parseConfigText } from "../src/load.ts";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

const GOOD = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }';
const BAD = '{ stores: [{ name: "CAS", memroy: {} }], servers: [] }';

/** A small repository: two NativeLink configs among the JSON files every project has. */
const REPO = {
  "deploy/prod.json5": GOOD,
  "deploy/staging.json5": BAD,
  "package.json": '{ "name": "x", "version": "1.0.0", "scripts": { "test": "vitest" } }',
  "tsconfig.json": '{ "compilerOptions": { "strict": true } }',
  "renovate.json5": "{ extends: ['config:recommended'], }",
  "data/forecast.json": "[1, 2, 3]",
  "data/broken.json": '{ "a": 1,, }',
  ".vscode/settings.json": '{ "editor.tabSize": 2 }',
  ".github/renovate.json5": "{ extends: ['x'] }",
  ".deploy/hidden.json5": BAD,
  "node_modules/pkg/nativelink.json5": BAD,
};

const loaded = (text: string) => parseConfigText({ file: "x.json5", path: "/x.json5", comments: [] }, Buffer.from(text));

describe("looksLikeNativeLinkConfig", () => {
  it("takes a top-level object with one of NativeLink's top-level keys", () => {
    for (const t of [GOOD, "{ servers: [] }", "{ global: {} }", "{ schedulers: [], workers: [] }", '{ "stores": {} }', "{ $schema: 'https://x/schemas/nativelink-config.schema.json' }"]) {
      expect(looksLikeNativeLinkConfig(loaded(t)), t).toBe(true);
    }
  });

  it("leaves other JSON alone", () => {
    for (const t of ['{ "name": "x" }', "[]", "[{ stores: [] }]", '"stores"', "{ nested: { stores: [] } }", "{}", "null", "{ $schema: 'https://json.schemastore.org/package.json' }"]) {
      expect(looksLikeNativeLinkConfig(loaded(t)), t).toBe(false);
    }
  });

  it("keeps a config that does not parse when its text writes a NativeLink key as a key, so its syntax error is reported", () => {
    expect(looksLikeNativeLinkConfig(loaded('{ stores: [{ name: "CAS" memory: {} }], servers: [] }'))).toBe(true);
    expect(looksLikeNativeLinkConfig(loaded('{\n  "servers": [,\n}'))).toBe(true);
    expect(looksLikeNativeLinkConfig(loaded('{ "a": 1,, }'))).toBe(false);
    expect(looksLikeNativeLinkConfig(loaded('{ "store": 1, "servers_old": 2,, }'))).toBe(false);
  });
});

describe("a file that names none of NativeLink's keys is not parsed to be skipped", () => {
  const may = (t: string) => mayBeConfig(Buffer.from(t));

  it("says no only where the whole sniff would: no key, no schema name, no escape that could spell a letter", () => {
    for (const t of ['{ "name": "x" }', "[1, 2]", '{ "a": "line\\nbreak \\"quoted\\" C:\\\\Users" }', "{ data: 'it\\'s' }", ""]) expect(may(t), t).toBe(false);
    for (const t of ["{ stores: [] }", "{ nested: { servers: 1 } }", "{ $schema: 'x/nativelink-config.schema.json' }", '{ "\\u0073tores": [] }', '{ "\\stores": [] }', '{ "\\x73tores": [] }', '{ "sto\\\nres": [] }', '{ "a": "workers" }']) {
      expect(may(t), t).toBe(true);
    }
  });

  it("never says no to a text the whole sniff takes (every corpus config, and 4,000 generated objects)", () => {
    const root = new URL("./fixtures/corpus/", import.meta.url).pathname;
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.json5?$/.test(e.name) ? [join(dir, e.name)] : []));
    const texts = walk(root).map((f) => readFileSync(f, "utf8"));
    expect(texts.length).toBeGreaterThan(200);
    // Keys NativeLink has, written plainly and through every escape that spells letters, and keys it does not have.
    const pool = ["stores", "servers", "global", '"\\u0073ervers"', '"\\schedulers"', '"work\\x65rs"', "'sto\\\nres'", "name", "store", "Stores", "servers_old", "data", "$schema"];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 4000; i++) {
      const keys = Array.from({ length: 1 + rnd(3) }, () => pool[rnd(pool.length)]!);
      texts.push(`{ ${keys.map((k) => `${k}: ${rnd(2) ? "[]" : '"x"'}`).join(", ")} }`);
    }
    let skipped = 0;
    for (const t of texts) {
      if (may(t)) continue;
      skipped++;
      expect(looksLikeNativeLinkConfig(parseConfigText({ file: "x.json5", path: "/x.json5", comments: [] }, Buffer.from(t))), t).toBe(false);
    }
    expect(skipped).toBeGreaterThan(100);
  });

  it("loadConfigFile with the sniff leaves such a file unparsed", () => {
    const dir = tree({});
    const f = join(dir, "data.json");
    writeFileSync(f, JSON.stringify({ features: Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `f${i}` })) }));
    const sniffed = loadConfigFile("data.json", f, true);
    expect([sniffed.notConfig, sniffed.root, sniffed.text]).toEqual([true, undefined, undefined]);
    expect(looksLikeNativeLinkConfig(sniffed)).toBe(false);
    // Named on the command line (no sniff), it is parsed and checked as it always was.
    expect(loadConfigFile("data.json", f).root?.kind).toBe("object");
  });

  it("loadConfigFile reads the start of a file too large to parse only for the sniff", () => {
    const dir = tree({});
    const f = join(dir, "big.json");
    writeFileSync(f, `{ "packages": "${"x".repeat(MAX_CONFIG_BYTES)}" }`);
    const sniffed = loadConfigFile("big.json", f, true);
    expect(sniffed.problem?.code).toBe("too-large");
    expect(sniffed.head?.startsWith('{ "packages"')).toBe(true);
    expect(looksLikeNativeLinkConfig(sniffed)).toBe(false);
    const named = loadConfigFile("big.json", f);
    expect([named.problem?.code, named.head]).toEqual(["too-large", undefined]);
  });
});

describe("a file too large to parse, found by a walk or passed by the hook", () => {
  // Past the 8 MiB a config may have: the start decides, as the sniff cannot parse the whole.
  const big = (start: string) => start + " ".repeat(8 * 1024 * 1024) + "}";
  const files = {
    "package-lock.json": big('{\n  "name": "app",\n  "lockfileVersion": 3, "packages": { "node_modules/workers": { "stores": 1 } },'),
    "schema.json": big('{ "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "x",'),
    "list.json": big("[1, 2,"),
    "deploy/cas.json5": big("\uFEFF// the CAS\n/* generated */\n{\n  stores: [],"),
    "deploy/quoted.json": big('{ "servers": [],'),
    "deploy/schema-first.json5": big("{ $schema: 'https://x/schemas/nativelink-config.schema.json', stores: [],"),
    "deploy/schema-other.json5": big("{ $schema: 'https://x/other.json', servers: [],"),
    "deploy/only-comments.json5": "// " + "x".repeat(9 * 1024 * 1024),
    // A line comment ends at CR and U+2028 too.
    "cr-comment.json": big('// generated\r{ "name": "x",'),
    "ls-comment.json": big('// generated\u2028{ "name": "x",'),
    // Keys that start like NativeLink's.
    "backup.json": big('{ "stores-backup": 1,'),
    "dotted.json": big('{ "global.settings": 1,'),
    // A JSON schema that mentions NativeLink's keys further down.
    "schema-mentions.json": big('{ "$schema": "http://json-schema.org/draft-07/schema#", "properties": { "global": {} },'),
    // An escaped first key (stores) cannot be read here: the engine reports the file.
    "deploy/escaped.json5": big('{ "\\u0073tores": [],'),
    // Binary, or UTF-16: reported, as a small file of it is.
    "deploy/binary.json": "\u0000\u0001" + big("{"),
    "deploy/utf16.json": Buffer.from("\ufeff" + big("{ stores: [],"), "utf16le") as unknown as string,
  };

  it("is a config when its top-level object starts with one of NativeLink's keys, and is reported as too large", async () => {
    const dir = tree(files);
    const doc = JSON.parse((await cli([".", "--format", "json"], dir)).stdout);
    expect(doc.summary).toMatchObject({ files: 8, skipped: 8 });
    expect(doc.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`).sort()).toEqual([
      "deploy/binary.json config-readable",
      "deploy/cas.json5 config-readable",
      "deploy/escaped.json5 config-readable",
      "deploy/only-comments.json5 config-readable",
      "deploy/quoted.json config-readable",
      "deploy/schema-first.json5 config-readable",
      "deploy/schema-other.json5 config-readable",
      "deploy/utf16.json config-readable",
    ]);
  });

  it("a lock file past the limit, passed by the hook, is skipped, not an error", async () => {
    const dir = tree({ "package-lock.json": files["package-lock.json"] });
    const r = await cli(["--skip-non-configs", "package-lock.json", "--format", "json"], dir);
    expect([r.code, JSON.parse(r.stdout).summary]).toEqual([0, expect.objectContaining({ files: 0, skipped: 1, errors: 0 })]);
    // Named without the flag, it is checked as the config it was said to be.
    expect((await cli(["package-lock.json"], dir)).code).toBe(1);
  });
});

describe("walks and globs check NativeLink configs only", () => {
  it("a directory walk skips other JSON, dot-directories and node_modules, and counts what it skipped", async () => {
    const dir = tree(REPO);
    const r = await cli([".", "--format", "json"], dir);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ files: 2, skipped: 5 });
    expect([...new Set(doc.findings.map((f: { file: string }) => f.file))]).toEqual(["deploy/staging.json5"]);
    expect(r.code).toBe(1);
  });

  it("the human summary says how many JSON files were skipped", async () => {
    const r = await cli(["."], tree(REPO));
    expect(r.stdout).toMatch(/in 2 files checked\n5 JSON files skipped: not NativeLink configs\n$/);
  });

  it("a glob is sniffed like a walk", async () => {
    const r = await cli(["**/*.json", "--format", "json"], tree(REPO));
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 0, skipped: 4 });
    expect(r.code).toBe(0);
  });

  it("a file named on the command line is always checked, even when a walk also found it", async () => {
    const dir = tree(REPO);
    const r = await cli(["package.json", "--format", "json"], dir);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1, skipped: 0 });
    expect(r.code).toBe(1);
    const both = await cli([".", "package.json", "--format", "json"], dir);
    expect(JSON.parse(both.stdout).summary).toMatchObject({ files: 3, skipped: 4 });
  });

  it("--skip-non-configs sniffs named files too (what the pre-commit hook passes)", async () => {
    const dir = tree(REPO);
    const r = await cli(["--skip-non-configs", "package.json", "data/forecast.json", "deploy/prod.json5", "--format", "json"], dir);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1, skipped: 2, errors: 0 });
    expect(r.code).toBe(0);
  });

  it("a broken NativeLink config found by a walk is still reported", async () => {
    const dir = tree({ "cas.json5": '{ stores: [{ name: "CAS" memory: {} }], servers: [] }', "other.json": "{ oops" });
    const doc = JSON.parse((await cli([".", "--format", "json"], dir)).stdout);
    expect(doc.summary).toMatchObject({ files: 1, skipped: 1 });
    expect(doc.findings[0]).toMatchObject({ file: "cas.json5", category: "syntax" });
  });

  it("a walk into a dot-directory named on the command line checks what is inside", async () => {
    const dir = tree(REPO);
    const doc = JSON.parse((await cli([".deploy", "--format", "json"], dir)).stdout);
    expect(doc.summary).toMatchObject({ files: 1, skipped: 0 });
  });
});
