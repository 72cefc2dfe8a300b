// No secret reaches any output format, whatever rule reports on it (issue 9, section 2).
//
// Every rule's bad and good example is run through the real CLI pipeline (collect() then each format
// render() writes: human plain and coloured, json, sarif, github with its job summary, junit), with
// every field NativeLink ${VAR}-expands (paths, addresses, URIs, numbers, durations, sizes, booleans,
// per the type table as the walker applies it) rewritten to read a secret-named variable:
//  - "moved": the variable holds the value that was written, so the example means what it meant and
//    its rule still reports, now on secret values; none of them may appear in any output;
//  - "replaced": the variable holds a distinctive secret (`S3cr3t-<random>`, or random digits for
//    numeric fields), so every value error, missing file and unparsable URI path prints it;
//    neither it nor any recognisable piece of it may appear.
// Inline secrets written in configs (URL passwords, ?token=, a private key, a secret-named default,
// a cloud secret key) are covered by a few configs of their own.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";
import type { RuleExample } from "../../src/types.ts";
import { collect, render, toCheckArgs, type RunIO } from "../../src/cli.ts";
import { parseConfigText } from "../../src/load.ts";
import { normalize } from "../../src/normalize.ts";
import { EMPTY_ENV } from "../../src/values/index.ts";
import type { DocNode } from "../../src/doc.ts";
import { typeDef, variantByName } from "../../src/typetable.ts";
import { EXAMPLE_NOW, materializeExample } from "../helpers/examples.ts";
import { summarize } from "../../src/report/human.ts";
import { testKey } from "../helpers/keys.ts";

const FORMATS = [
  ["human", false],
  ["human", true],
  ["json", false],
  ["sarif", false],
  ["github", false],
  ["junit", false],
] as const;

/** Every text the run prints, in every format. */
async function allOutputs(dir: string, files: string[], argv: Record<string, string | string[] | undefined>): Promise<string> {
  const summary = join(dir, "step-summary.md");
  const io: RunIO = { argv: [], env: { GITHUB_STEP_SUMMARY: summary }, cwd: dir, stdout: () => {}, stderr: () => {}, isTTY: false };
  const c = await collect(toCheckArgs(argv, files), io);
  let out = "";
  for (const [format, tty] of FORMATS) {
    writeFileSync(summary, "");
    out += [...(await render(format, c.findings, c.files, c.checked, c.skipped, c.sources, { ...io, env: tty ? { ...io.env, FORCE_COLOR: "1" } : io.env }, tty, { counts: summarize(c.findings) }, c.redactor))].join("");
    out += readFileSync(summary, "utf8");
  }
  return out;
}

interface Field {
  range: [number, number];
  text: string;
}

/** The scalars of a config NativeLink expands ${VAR} in, from the walker's field and variant tables. */
function expandableFields(config: string): Field[] {
  const loaded = parseConfigText({ file: "x.json5", path: "x.json5", comments: [] }, Buffer.from(config, "utf8"));
  const root = loaded.root;
  if (!root) return [];
  const norm = normalize(root, { env: EMPTY_ENV, lenientEnv: true });
  const out: Field[] = [];
  const visit = (n: DocNode, expand: string | undefined) => {
    if (expand && expand !== "none") {
      if (n.kind === "string") out.push({ range: n.range, text: n.value });
      else if (n.kind === "number") out.push({ range: n.range, text: n.text });
      else if (n.kind === "boolean") out.push({ range: n.range, text: String(n.value) });
      else if (n.kind === "array" && expand === "vec_string") for (const item of n.items) visit(item, "string");
      return;
    }
    if (n.kind === "object") {
      // Enum variants whose body NativeLink expands (worker property values, additional_environment values).
      const def = typeDef(norm.typeAt.get(n) ?? "");
      for (const m of n.members) visit(m.value, norm.fieldAt.get(m.value)?.field.expand ?? (def?.kind === "enum" ? variantByName(def, m.key)?.expand : undefined));
    }
    else if (n.kind === "array") for (const item of n.items) visit(item, norm.fieldAt.get(item)?.field.expand);
  };
  visit(root, undefined);
  return out;
}

/** The config with each field replaced by `"${<prefix>_<i>_TOKEN}"`; returns the variable names in order. */
function substitute(config: string, fields: Field[], prefix: string): { text: string; names: string[] } {
  let text = config;
  const names = fields.map((_, i) => `${prefix}_${i}_TOKEN`);
  // From the end, so earlier ranges stay valid.
  fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => b.f.range[0] - a.f.range[0])
    .forEach(({ f, i }) => {
      text = text.slice(0, f.range[0]) + JSON.stringify(`\${${names[i]}}`) + text.slice(f.range[1]);
    });
  return { text, names };
}

function numericField(f: Field): boolean {
  return /^[-+]?(?:\d|\.\d|0x|Infinity|NaN)/i.test(f.text) || /^(?:true|false)$/.test(f.text);
}

const RUN = randomBytes(3).toString("hex");
let counter = 0;
/** A distinctive secret; digits only for fields that hold numbers, so number parsing reaches range checks. */
function distinctSecret(numeric: boolean): string {
  counter++;
  return numeric ? `9${String(Number.parseInt(RUN, 16)).padStart(8, "7")}${counter}` : `S3cr3t-${RUN}-${counter}`;
}

/** Rule metadata is printed verbatim (SARIF rule table, JUnit fixes): a value that occurs there proves nothing. */
const STATIC_TEXT = RULES.map((r) => [r.meta.summary, r.meta.why, r.meta.fix, ...(r.meta.nativelink ?? []).map((n) => n.message)].join("\n"))
  .join("\n")
  .toLowerCase();

interface Scenario {
  ex: RuleExample;
  /** File name → config text. */
  configs: Record<string, string>;
  env: Record<string, string>;
}

async function runScenario(s: Scenario): Promise<string> {
  const dir = await materializeExample(s.ex);
  for (const [name, text] of Object.entries(s.configs)) {
    writeFileSync(join(dir, name), s.ex.encoding === "latin1" && name === "config.json5" ? Buffer.from(text, "latin1") : Buffer.from(text, "utf8"));
    if (s.ex.configMode !== undefined && name === "config.json5") chmodSync(join(dir, name), s.ex.configMode & 0o777);
  }
  const argv = {
    env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
    profile: s.ex.profile,
    at: EXAMPLE_NOW.toISOString(),
    "run-as": s.ex.runAs,
    "host-map": Object.entries(s.ex.hostMap ?? {}).map(([h, f]) => `${h}=${f}`),
    deployment: s.ex.peers ? true : undefined,
  } as Record<string, string | string[] | undefined>;
  return allOutputs(dir, Object.keys(s.configs), argv);
}

/** Builds both scenarios of one example: each config's expandable fields read secret-named variables. */
function scenarios(ex: RuleExample): { moved: Scenario & { secrets: string[] }; replaced: Scenario & { secrets: string[] } } {
  const originals: Record<string, string> = { "config.json5": ex.config, ...(ex.peers ?? {}) };
  const moved = { ex, configs: {} as Record<string, string>, env: { ...(ex.env ?? {}) }, secrets: [] as string[] };
  const replaced = { ex, configs: {} as Record<string, string>, env: { ...(ex.env ?? {}) }, secrets: [] as string[] };
  Object.entries(originals).forEach(([name, config], c) => {
    const fields = expandableFields(config);
    const m = substitute(config, fields, `MOVED${c}`);
    moved.configs[name] = m.text;
    fields.forEach((f, i) => {
      const name = m.names[i];
      if (name === undefined) throw new Error("substitute() named fewer variables than fields");
      moved.env[name] = f.text;
      moved.secrets.push(f.text);
    });
    const r = substitute(config, fields, `SECRET${c}`);
    replaced.configs[name] = r.text;
    fields.forEach((f, i) => {
      const v = distinctSecret(numericField(f));
      const name = r.names[i];
      if (name === undefined) throw new Error("substitute() named fewer variables than fields");
      replaced.env[name] = v;
      replaced.secrets.push(v);
    });
  });
  return { moved, replaced };
}

/** The secrets that occur in the output; values too short or too common to tell apart are not judged. */
function leaks(output: string, secrets: string[]): string[] {
  const lower = output.toLowerCase();
  return [...new Set(secrets)].filter((v) => v.length >= 4 && !STATIC_TEXT.includes(v.toLowerCase()) && lower.includes(v.toLowerCase()));
}

const EXAMPLES = RULES.flatMap((r) =>
  (["bad", "good"] as const).filter((k) => r.meta.examples[k].kind !== "preflight-config").map((k) => ({ id: r.meta.id, which: k, ex: r.meta.examples[k] })),
);

describe("no secret-named variable's value reaches any output, for every rule example", () => {
  it("the examples put secrets into many expandable fields (the test exercises something)", () => {
    const count = EXAMPLES.reduce((n, e) => n + Object.values({ c: e.ex.config, ...(e.ex.peers ?? {}) }).reduce((m, c) => m + expandableFields(c).length, 0), 0);
    expect(count).toBeGreaterThan(700);
  });

  for (const { id, which, ex } of EXAMPLES) {
    it(`${id} (${which} example)`, async () => {
      const { moved, replaced } = scenarios(ex);
      if (moved.secrets.length === 0) return;
      const a = await runScenario(moved);
      expect(leaks(a, moved.secrets), "moved values").toEqual([]);
      const b = await runScenario(replaced);
      expect(leaks(b, replaced.secrets), "distinct secrets").toEqual([]);
      expect(b.toLowerCase()).not.toContain(`s3cr3t-${RUN}`);
    });
  }
});

describe("inline secrets written in the config reach no output", () => {
  const key = testKey();
  const KEY_BODY = key.body[1]!;
  const CASES: [string, string, string[]][] = [
    ["a Redis URL password", `{ stores: [{ name: "R", redis_store: { addresses: ["redis://nl:S3cr3t-inline-redis@ca che:6379/x"] } }], servers: [] }`, ["S3cr3t-inline-redis"]],
    ["a ?token= in a grpc endpoint", `{ stores: [{ name: "G", grpc: { instance_name: "m", endpoints: [{ address: "grpc://cas.example.com:5/?token=S3cr3t-inline-token" }], store_type: "cas" } }], servers: [] }`, ["S3cr3t-inline-token"]],
    [
      "a private key pasted where a path belongs",
      `{ stores: [{ name: "C", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:1", tls: { cert_file: "c.pem", key_file: "${[key.begin, ...key.body, key.end].join("\\n")}" } } }, services: {} }] }`,
      [KEY_BODY],
    ],
    ["a secret-named variable's default", `{ stores: [{ name: "C", memory: {} }], servers: [{ listener: { http: { socket_address: "\${LISTEN_TOKEN:-S3cr3t-inline-default}" } }, services: {} }] }`, ["S3cr3t-inline-default"]],
    ["a cloud secret key", `{ stores: [{ name: "S", experimental_cloud_object_store: { provider: "aws", region: "x", bucket: "b", secret_access_key: "S3cr3t-inline-aws-key/K7MDENG" } }], servers: [] }`, ["S3cr3t-inline-aws-key"]],
    ["a mongo password and a SAS signature", `{ stores: [{ name: "M", experimental_mongo: { connection_string: "mongodb://a:S3cr3t-inline-mongo@h:0/d" } }, { name: "A", experimental_cloud_object_store: { provider: "azure", account_name: "a", container: "c", sas_url: "https://a b.net/c?sv=1&sig=S3cr3t-inline-sas" } }], servers: [] }`, ["S3cr3t-inline-mongo", "S3cr3t-inline-sas"]],
  ];
  for (const [name, config, secrets] of CASES) {
    it(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), "nlp-inline-"));
      writeFileSync(join(dir, "config.json5"), config);
      const out = await allOutputs(dir, ["config.json5"], { at: EXAMPLE_NOW.toISOString() });
      expect(out).toContain("<redacted>");
      for (const s of secrets) expect(out.toLowerCase()).not.toContain(s.toLowerCase());
    });
  }
});
