// Slow tier (`npm run test:slow`): a seeded fuzz campaign. Corpus configs and a freshly made PKI
// are mutated (JSON5 text, PEM text, DER bytes) and run through the engine in-process. Whatever
// the input, the engine must not throw (the CLI's exit 3), and every report format must be a valid
// document. FUZZ_SEED and FUZZ_ITERATIONS override the seed and the number of runs.
import { Redactor } from "../../src/report/redact.ts";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatGithub } from "../../src/report/github.ts";
import { formatHuman } from "../../src/report/human.ts";
import { formatJson } from "../../src/report/json.ts";
import { formatJunit } from "../../src/report/junit.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { RULES } from "../../rules/index.ts";
import type { Profile } from "../../src/context.ts";
import type { Finding } from "../../src/types.ts";
import { lint } from "../helpers/lint.ts";
import { makePki, type Pki } from "../helpers/pki.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026) >>> 0;
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 2000);

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

const TOKENS = [
  "Infinity", "-Infinity", "+Infinity", "NaN", "+NaN", "-0", ".5", "5.", "0x10", "-0x10", "0x1FFFFFFFF", "1e400",
  "99999999999999999999999", "18446744073709551616", "true", "null", "[]", "{}", "[[[[", "]]", "}}", "{", "}", "[", "]",
  ",", ":", "'", '"', "\\", "\\u0000", "\\uD800", "//", "/*", "*/", "\n", "\r", "\u2028", "\uFEFF", "\u0000", "$", "$$",
  "${", "${A", "${A}", "${A:-", "${:-x}", "${SECRET_TOKEN}", "$HOME", "~", "é", "😀", "\u0085",
  '"${'.repeat(50), "${".repeat(2000), "9".repeat(400), "a".repeat(3000), "1s".repeat(500),
  "grpc://", "grpcs://h:1", "unix:///x", "0.0.0.0:", "[::1]:50051", "/dev/zero", "/proc/self/environ", "../../../etc/passwd",
];

function mutateText(r: Rng, text: string): string {
  let s = text;
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const at = r.int(s.length + 1);
    switch (r.int(6)) {
      case 0: // insert a token
        s = s.slice(0, at) + r.pick(TOKENS) + s.slice(at);
        break;
      case 1: // delete a range
        s = s.slice(0, at) + s.slice(at + 1 + r.int(40));
        break;
      case 2: {
        // duplicate a range
        const len = 1 + r.int(200);
        s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
        break;
      }
      case 3: // replace one character with a structural one
        s = s.slice(0, at) + r.pick(Array.from("{}[]:,\"'$\\/*-+.0x9eE \n")) + s.slice(at + 1);
        break;
      case 4: {
        // replace a literal (number, string or word) with a token
        const lits = [...s.matchAll(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[+-]?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|\b(?:true|false|null)\b/g)];
        if (lits.length > 0) {
          const m = r.pick(lits);
          s = s.slice(0, m.index) + r.pick(TOKENS.slice(0, 40)) + s.slice(m.index + m[0].length);
        }
        break;
      }
      default: // swap two ranges
        {
          const b = r.int(s.length + 1);
          const [x, y] = at < b ? [at, b] : [b, at];
          const len = Math.min(1 + r.int(60), y - x);
          s = s.slice(0, x) + s.slice(y, y + len) + s.slice(x + len, y) + s.slice(x, x + len) + s.slice(y + len);
        }
        break;
    }
  }
  return s;
}

function mutateBytes(r: Rng, bytes: Uint8Array): Uint8Array {
  let b = Uint8Array.from(bytes);
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const at = r.int(b.length + 1);
    switch (r.int(5)) {
      case 0: // flip a bit
        if (b.length) b[at % b.length] = (b[at % b.length] ?? 0) ^ (1 << r.int(8));
        break;
      case 1: // set a byte to a length/tag-ish value
        if (b.length) b[at % b.length] = r.pick([0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x06, 0x17, 0x18, 0x02, 0x03, 0x05]);
        break;
      case 2: // truncate
        b = b.subarray(0, at);
        break;
      case 3: {
        // insert a random element or run
        const ins = r.pick([[0x30, 0x80], [0x06, 0x00], [0x17, 0x0d, ...Buffer.from("271301000000Z")], [0x02, 0x00], new Array(1 + r.int(300)).fill(r.int(256))]);
        b = Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
        break;
      }
      default: {
        // duplicate a range
        const len = 1 + r.int(100);
        b = Uint8Array.from([...b.subarray(0, at + len), ...b.subarray(at, at + len), ...b.subarray(at + len)]);
      }
    }
  }
  return b;
}

/** Mutates a PEM file: as text, or by damaging the DER inside one block and re-encoding it. */
function mutatePem(r: Rng, pem: string): string | Uint8Array {
  const blocks = [...pem.matchAll(/-----BEGIN ([^-]+)-----\r?\n([\s\S]*?)-----END \1-----\r?\n?/g)];
  if (blocks.length > 0 && r.next() < 0.5) {
    const m = r.pick(blocks);
    const der = mutateBytes(r, new Uint8Array(Buffer.from(m[2]!.replace(/\s/g, ""), "base64")));
    const body = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
    return pem.slice(0, m.index) + `-----BEGIN ${m[1]}-----\n${body}\n-----END ${m[1]}-----\n` + pem.slice(m.index + m[0].length);
  }
  if (r.next() < 0.1) return mutateBytes(r, Buffer.from(pem));
  return mutateText(r, pem);
}

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p));
    else if (/\.json5?$/.test(name) && name !== "INDEX.json") out.push(p);
  }
  return out.sort();
}

const CORPUS = corpusFiles(new URL("../fixtures/corpus", import.meta.url).pathname);
const RULE_METAS = RULES.map((r) => r.meta);

function tlsConfig(files: { cert: string; key: string; ca: string; crl: string; clientCa: string; clientCert: string; clientKey: string }): string {
  const q = JSON.stringify;
  return `{
  stores: [
    { name: "CAS", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cas.internal:50051", tls_config: { ca_file: ${q(files.clientCa)}, cert_file: ${q(files.clientCert)}, key_file: ${q(files.clientKey)} } }], store_type: "cas" } },
  ],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: ${q(files.cert)}, key_file: ${q(files.key)}, client_ca_file: ${q(files.ca)}, client_crl_file: ${q(files.crl)} } } },
    services: { cas: [{ instance_name: "main", cas_store: "CAS" }], health: {} },
  }],
}`;
}

/** Every report format of the findings, checked to be a document of its kind. */
function checkOutputs(findings: Finding[], file: string, text: string): string[] {
  const problems: string[] = [];
  const json = JSON.parse(formatJson(findings, 1)) as { findings: unknown[] };
  if (!Array.isArray(json.findings) || json.findings.length !== findings.length) problems.push("json: findings do not match");
  const sarif = JSON.parse(formatSarif(findings, { rules: RULE_METAS, toolVersion: "0.0.0-fuzz", informationUri: "https://example.invalid", cwd: "/" })) as { version?: string; runs?: { results?: unknown[] }[] };
  if (sarif.version !== "2.1.0" || sarif.runs?.[0]?.results?.length !== findings.length) problems.push("sarif: not a SARIF 2.1.0 log of these findings");
  const redactor = new Redactor();
  redactor.learn(text);
  const human = formatHuman(redactor.findings(findings), { sources: new Map([[file, text]]), redactLine: (l) => redactor.line(l), color: false, filesChecked: 1, width: 80 });
  if (human.trim() === "") problems.push("human: empty");
  const junit = formatJunit(findings, { files: [file], rules: RULE_METAS });
  if (!junit.startsWith("<?xml")) problems.push("junit: not XML");
  formatGithub(findings);
  return problems;
}

describe(`fuzz campaign (seed ${SEED}, ${ITERATIONS} iterations)`, () => {
  let pki: Pki;
  let dir: string;
  let pkiFiles: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nlp-fuzz-"));
    pki = await makePki(dir, { now: new Date("2026-11-22T00:00:00Z") });
    pkiFiles = Object.values(pki.files).filter((p): p is string => typeof p === "string");
     
    console.log(`fuzz: seed ${SEED} (set FUZZ_SEED=${SEED} to replay), ${ITERATIONS} iterations, ${CORPUS.length} corpus configs, ${pkiFiles.length} PKI files`);
  }, 60_000);

  it("never throws and always writes valid reports", async () => {
    const r = prng(SEED);
    const failures: string[] = [];
    for (let i = 0; i < ITERATIONS && failures.length < 10; i++) {
      let text: string;
      let what: string;
      if (r.next() < 0.5) {
        // A mutated corpus config.
        const src = r.pick(CORPUS);
        text = mutateText(r, readFileSync(src, "utf8"));
        what = `corpus ${relative(dir, src)}`;
      } else {
        // The TLS config over PKI files, a few of them mutated.
        const slot = (name: string) => {
          const src = r.pick(pkiFiles);
          if (r.next() < 0.6) return src;
          const p = join(dir, `mut-${name}.pem`);
          writeFileSync(p, mutatePem(r, readFileSync(src, "latin1")), { mode: 0o600 });
          return p;
        };
        text = tlsConfig({ cert: slot("cert"), key: slot("key"), ca: slot("ca"), crl: slot("crl"), clientCa: slot("cca"), clientCert: slot("ccert"), clientKey: slot("ckey") });
        if (r.next() < 0.3) text = mutateText(r, text);
        what = "tls config";
      }
      const profile = r.pick<Profile>(["development", "production"]);
      const env: Record<string, string> = r.next() < 0.5 ? { A: "1", SECRET_TOKEN: "s3cr3t-value", HOME: "/home/x" } : {};
      try {
        const findings = await lint(text, { cwd: dir, profile, env, lenientEnv: r.next() < 0.3, file: "fuzz.json5" });
        const problems = checkOutputs(findings, "fuzz.json5", text);
        if (problems.length > 0) failures.push(`iteration ${i} (${what}): ${problems.join("; ")}`);
      } catch (e) {
        failures.push(`iteration ${i} (${what}): threw ${(e as Error).stack?.split("\n").slice(0, 4).join(" | ")}`);
        writeFileSync(join(dir, `failure-${i}.json5`), text);
      }
    }
    expect(failures, `replay with FUZZ_SEED=${SEED}; failing inputs saved in ${dir}`).toEqual([]);
  }, 600_000);
});
