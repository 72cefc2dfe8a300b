// migrate: each step on a small config (exact text out, and the same meaning), three whole real configs
// from different releases, idempotence, and configs already in the v1.6.6 form left byte-identical.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrateText, STEPS_TO_1_6_6 } from "../src/migrate/index.ts";
import { parseConfigText } from "../src/load.ts";
import { toPlain } from "../src/doc.ts";
import { tokenize } from "@humanwhocodes/momoa";
import { checkFile } from "../src/engine.ts";
import { RULES } from "../rules/index.ts";
import { configModel } from "./helpers/config-model.ts";

const GOLDEN = new URL("./golden/migrate/", import.meta.url);
const CORPUS = new URL("./fixtures/corpus/", import.meta.url);
const UPDATE = Boolean(process.env.UPDATE_GOLDEN);
/** The one step with nothing to rewrite: it only says what to decide. */
const DECIDE_ONLY = STEPS_TO_1_6_6.find((s) => s.id === "cas-ac-distinct-stores");

function plain(text: string): unknown {
  const l = parseConfigText({ file: "", path: "", comments: [] }, Buffer.from(text));
  if (!l.root) throw new Error(`does not parse: ${l.problem?.message}`);
  return toPlain(l.root);
}

function golden(name: string, actual: string): void {
  const url = new URL(name, GOLDEN);
  if (UPDATE || !existsSync(url)) {
    mkdirSync(new URL(".", url), { recursive: true });
    writeFileSync(url, actual);
  }
  expect(actual).toBe(readFileSync(url, "utf8"));
}

describe("migrate steps, one fixture each (test/golden/migrate/<step>.in.json5 → .out.json5)", () => {
  it("has a fixture for every step", () => {
    const have = readdirSync(GOLDEN).filter((f) => f.endsWith(".in.json5")).map((f) => f.replace(/\.in\.json5$/, ""));
    expect(have.sort()).toEqual(STEPS_TO_1_6_6.filter((s) => s !== DECIDE_ONLY).map((s) => s.id).sort());
  });
  for (const step of STEPS_TO_1_6_6.filter((s) => s !== DECIDE_ONLY)) {
    describe(`${step.id} (${step.release})`, () => {
      const input = readFileSync(new URL(`${step.id}.in.json5`, GOLDEN), "utf8");
      const result = migrateText(input, [step]);
      it("changes the fixture", () => {
        expect(result.applied.map((a) => a.step.id)).toEqual([step.id]);
      });
      it("gives the golden text", () => golden(`${step.id}.out.json5`, result.text));
      it("keeps the meaning: same stores, schedulers, servers, listeners, services, workers and references", () => {
        expect(configModel(plain(result.text))).toEqual(configModel(plain(input)));
      });
      it("is idempotent", () => {
        const again = migrateText(result.text, [step]);
        expect(again.text).toBe(result.text);
        expect(again.applied).toEqual([]);
      });
      it("keeps every comment", () => {
        for (const c of comments(input)) expect(result.text).toContain(c);
      });
      it("the whole migration of the fixture is idempotent too", () => {
        const all = migrateText(input).text;
        expect(migrateText(all).text).toBe(all);
        expect(configModel(plain(all))).toEqual(configModel(plain(input)));
      });
    });
  }
});

function comments(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text, { mode: "json5", ranges: true }) as Iterable<{ type: string; range: [number, number] }>) {
    if (t.type === "LineComment" || t.type === "BlockComment") out.push(text.slice(t.range[0], t.range[1]));
  }
  return out;
}

describe("cas-ac-distinct-stores (v1.5.0) rewrites nothing and says what to decide", () => {
  it("reports an AC that is its instance's CAS store, at the ac_store value", () => {
    const text = '{ stores: [{ name: "S", memory: {} }], servers: [{ listener: { http: { socket_address: ":1" } }, services: { cas: { main: { cas_store: "S" } }, ac: { main: { ac_store: "S" } } } }] }';
    const r = migrateText(text);
    expect(r.applied.map((a) => a.step.id)).toEqual(["services-list"]);
    expect(r.decisions).toEqual([
      { step: "cas-ac-distinct-stores", release: "v1.5.0", message: 'the ac_store of instance "main" is its cas_store "S", which NativeLink refuses since v1.5.0', hint: "give the AC a store of its own (results and blobs must not share one store)", line: 1, column: 203, endLine: 1, endColumn: 206 },
    ]);
    expect(migrateText(text.replace('ac_store: "S"', 'ac_store: "T"')).decisions).toEqual([]);
  });
});

const WHOLE = [
  ["pre-v0.1.0", "official-history/deployment-examples/docker-compose-goma/scheduler.json"],
  ["v0.5.3", "official-v0.5.3/nativelink-config/examples/basic_cas.json"],
  ["v0.6.0", "official-v0.6.0/nativelink-config/examples/basic_cas.json5"],
] as const;

describe("whole real configs from three releases (test/golden/migrate/corpus/)", () => {
  for (const [release, local] of WHOLE) {
    it(`${release}: ${local}`, () => {
      const input = readFileSync(new URL(local, CORPUS), "utf8");
      const result = migrateText(input);
      golden(`corpus/${release}.out.json5`, result.text);
      expect(configModel(plain(result.text))).toEqual(configModel(plain(input)));
      expect(migrateText(result.text).text).toBe(result.text);
    });
  }
});

/** The corpus replay's settings (test/corpus.test.ts): an empty environment, nothing on the host. */
function lint(local: string) {
  return checkFile(local, {
    env: { get: () => undefined },
    rules: RULES,
    profile: "development",
    now: new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv: false,
    cwd: "/nonexistent-nativelink-cwd",
    cwdForInputs: new URL(".", CORPUS).pathname,
  });
}

const OLD_TIME_NAMES = /["']?\b(max_action_timeout|max_upload_timeout|persist_stream_on_disconnect_timeout|experimental_http2_keep_alive_timeout)\b["']?\s*:/;

describe("configs NativeLink v1.6.6 loads", () => {
  const index: { local: string; nativelink_1_6_6_load: string }[] = JSON.parse(readFileSync(new URL("INDEX.json", CORPUS), "utf8"));
  const loads = index.filter((e) => e.nativelink_1_6_6_load === "OK");
  let untouched = 0;
  for (const e of loads) {
    it(`${e.local}: only forms v1.6.6 still accepts are rewritten; without them the file is byte-identical`, async () => {
      const input = readFileSync(new URL(e.local, CORPUS), "utf8");
      const result = migrateText(input);
      expect(result.applied.filter((a) => !a.step.accepted).map((a) => a.step.id)).toEqual([]);
      const deprecated = (await lint(e.local)).filter((f) => f.category === "deprecation");
      if (deprecated.length === 0 && !OLD_TIME_NAMES.test(input)) {
        expect(result.text).toBe(input);
        untouched++;
      }
      expect(configModel(plain(result.text))).toEqual(configModel(plain(input)));
      expect(migrateText(result.text).text).toBe(result.text);
    });
  }
  it("most of them are in the current form and stay byte-identical", () => expect(untouched).toBeGreaterThan(50));
});

describe("odd inputs", () => {
  it("a CRLF file stays CRLF", () => {
    const text = '{\r\n  stores: {\r\n    CAS: { memory: {} },\r\n  },\r\n  servers: [{\r\n    listen_address: "0.0.0.0:50051",\r\n    services: { health: {} },\r\n  }],\r\n}\r\n';
    const out = migrateText(text).text;
    expect(out).toBe('{\r\n  stores: [\r\n    { name: "CAS", memory: {} },\r\n  ],\r\n  servers: [{\r\n    listener: {\r\n      http: {\r\n        socket_address: "0.0.0.0:50051"\r\n      }\r\n    },\r\n    services: { health: {} },\r\n  }],\r\n}\r\n');
  });

  it("a step whose edits would not parse leaves the file as it was and says what to do by hand", () => {
    const broken = { ...STEPS_TO_1_6_6.find((s) => s.id === "stores-list")!, edits: () => [{ range: [0, 1] as [number, number], text: "[" }] };
    const text = "{ stores: {}, servers: [] }";
    const r = migrateText(text, [broken]);
    expect(r.text).toBe(text);
    expect(r.applied).toEqual([]);
    expect(r.decisions.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(["1:1 the stores-list step could not rewrite this layout safely, so it left the file as it was"]);
  });

  it("a file that does not parse is not touched", () => {
    expect(migrateText("{ stores: {")).toMatchObject({ text: "{ stores: {", applied: [], problem: expect.stringContaining("does not parse") });
  });

  it("every JSON and JSON5 fixture of the repository, LF and CRLF: no exception, output parses, idempotent", () => {
    const files: string[] = [];
    const walk = (dir: URL) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(new URL(`${e.name}/`, dir));
        else if (/\.json5?$/.test(e.name)) files.push(new URL(e.name, dir).pathname);
      }
    };
    walk(new URL("./fixtures/", import.meta.url));
    expect(files.length).toBeGreaterThan(300);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const input of [text, text.replace(/\r?\n/g, "\r\n")]) {
        const r = migrateText(input);
        if (r.problem) continue;
        expect(parseConfigText({ file: "", path: "", comments: [] }, Buffer.from(r.text)).problem, f).toBeUndefined();
        expect(migrateText(r.text).text, f).toBe(r.text);
      }
    }
  });
});

describe("comments in the middle of what a step rewrites", () => {
  it("a comment between a store's name and its value stays", () => {
    const text = "{ stores: { CAS: /* the CAS */ { memory: {} } }, servers: [] }";
    expect(migrateText(text).text).toBe('{ stores: [ /* the CAS */ { name: "CAS", memory: {} } ], servers: [] }');
  });
});
