// Hostile inputs a fuzz run found to cost time that grows with the square of their size, each at a
// size where that cost was seconds. The tests count the work the built-in searches do (see
// helpers/work.ts) and bound it by a small multiple of the input's size; nothing here is timed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanShell } from "../src/values/shellexpand.ts";
import { parseHumantime } from "../src/values/duration.ts";
import { scanPem } from "../src/tls/pem.ts";
import { REDACTED, Redactor } from "../src/report/redact.ts";
import { AxumPaths } from "../src/facts/routes.ts";
import { migrateText } from "../src/migrate/index.ts";
import { attachFixes } from "../src/migrate/fixes.ts";
import { loadConfigFile } from "../src/load.ts";
import type { Finding } from "../src/types.ts";
import { lint } from "./helpers/lint.ts";
import { measureWork } from "./helpers/work.ts";

const dir = mkdtempSync(join(tmpdir(), "nlp-linear-"));

function derLength(n: number): number[] {
  if (n < 128) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const tlv = (tag: number, body: number[]) => [tag, ...derLength(body.length), ...body];
const pemOf = (label: string, der: number[]) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

/** A PKCS#8 key whose algorithm OID is 1.2 followed by one arc of `n` octets. */
function hugeOidKey(n: number): string {
  const oid = new Array<number>(n).fill(0x81);
  oid[0] = 0x2a;
  oid[n - 1] = 0x01;
  return pemOf("PRIVATE KEY", tlv(0x30, [...tlv(0x02, [0]), ...tlv(0x30, [...tlv(0x06, oid), 0x05, 0x00]), ...tlv(0x04, [1, 2, 3])]));
}

const server = (tls: string) => `{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051", tls: ${tls} } }, services: { health: {} } }] }`;

describe("work grows linearly with hostile input", () => {
  it("300,000 unclosed `${` in content_path", async () => {
    const n = 300_000;
    const nested = "${".repeat(n);
    const unit = await measureWork(() => scanShell(nested));
    expect(unit.result).toEqual([{ kind: "text", text: nested }]);
    expect(unit.work.chars).toBeLessThan(4 * nested.length);
    const engine = await measureWork(() => lint(`{ stores: [{ name: "S", filesystem: { content_path: "${nested}", temp_path: "/tmp/t" } }], servers: [] }`));
    expect(engine.result.filter((f) => f.pointer === "/stores/0/filesystem/content_path" && f.severity === "error")).toEqual([]);
    // Before: every `${` searched the rest of the string for a `}` (about n²/2 = 4.5e10 characters).
    expect(engine.work.chars).toBeLessThan(100 * nested.length);
  });

  it("a `${` with no `}` after many closed references still scans each character a bounded number of times", async () => {
    const s = "${A}".repeat(50_000) + "${".repeat(50_000);
    const { result, work } = await measureWork(() => scanShell(s));
    expect(result.filter((x) => x.kind === "var")).toHaveLength(50_000);
    expect(work.chars).toBeLessThan(4 * s.length);
  });

  it("a duration of 200,000 units", async () => {
    const text = "1s".repeat(200_000);
    const { result, work } = await measureWork(() => parseHumantime(text));
    expect(result).toEqual({ ok: true, value: { seconds: 200_000n, nanos: 0 } });
    // Before: each unit looked its byte offset up with Array#indexOf over every character.
    expect(work.elements).toBeLessThan(4 * text.length);
  });

  it("a duration with a 300,000-letter unit is a finding, not a stack overflow", async () => {
    const text = "1" + "a".repeat(300_000);
    const r = parseHumantime(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message.startsWith('unknown time unit "aaaa')).toBe(true);
    const findings = await lint(`{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpcs://x:1" }], store_type: "cas", rpc_timeout_s: "${text}" } }], servers: [] }`);
    expect(findings.some((f) => f.pointer === "/stores/0/grpc/rpc_timeout_s" && f.ruleId === "value-format")).toBe(true);
  });

  it("970 KB of empty PEM blocks as cert_file", async () => {
    const block = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    const count = Math.floor(970_000 / block.length);
    const bytes = Buffer.from(block.repeat(count));
    const unit = await measureWork(() => scanPem(bytes));
    expect(unit.result.blocks).toHaveLength(count);
    // Before: every line asked every block whether it lay inside it (lines × blocks ≈ 1e9).
    expect(unit.work.elements).toBeLessThan(4 * count);
    const file = join(dir, "empty.pem");
    writeFileSync(file, bytes);
    const engine = await measureWork(() => lint(server(`{ cert_file: ${JSON.stringify(file)}, key_file: ${JSON.stringify(file)} }`), { cwd: dir }));
    expect(engine.result.some((f) => f.pointer === "/servers/0/listener/http/tls/cert_file" && f.severity === "error")).toBe(true);
    expect(engine.work.elements).toBeLessThan(20 * count);
  });

  it("a private key whose algorithm OID has a 150 KB arc", async () => {
    const file = join(dir, "oid.key");
    writeFileSync(file, hugeOidKey(150_000), { mode: 0o600 });
    const findings = await lint(server(`{ cert_file: "/nonexistent/cert.pem", key_file: ${JSON.stringify(file)} }`), { cwd: dir });
    const key = findings.filter((f) => f.pointer === "/servers/0/listener/http/tls/key_file");
    expect(key.map((f) => f.ruleId)).toContain("tls-key-readable");
    // The arc is named by its length, never written out as 360,000 decimal digits.
    for (const f of key) expect(f.message.length).toBeLessThan(2000);
  });
});

describe("work grows linearly with the number of servers (issue 16)", () => {
  it("4,000 servers on their own ports: each is compared only with the servers of its port", async () => {
    const { generate } = await import("../scripts/bench-shapes.mjs");
    const { text, units } = generate("servers", 512 * 1024);
    expect(units).toBeGreaterThan(3900);
    const { result, work } = await measureWork(() => lint(text, { only: "listen-address-unique" }));
    expect(result).toEqual([]);
    // Before: every server was compared with every earlier one (Array#find, units²/2 = 8e6 elements).
    expect(work.elements).toBeLessThan(100 * units);
  }, 120_000);

  it("servers on one port still conflict with the first that holds it", async () => {
    const srv = (addr: string) => `{ listener: { http: { socket_address: "${addr}" } }, services: { health: {} } }`;
    const findings = await lint(`{ stores: [], servers: [${srv("127.0.0.1:50051")}, ${srv("127.0.0.1:50052")}, ${srv("0.0.0.0:50051")}, ${srv("127.0.0.2:50052")}] }`, { only: "listen-address-unique" });
    expect(findings.map((f) => `${f.pointer} ${f.related?.[0]?.pointer}`)).toEqual(["/servers/2/listener/http/socket_address /servers/0/listener/http/socket_address"]);
  });
});

describe("work grows linearly with the number of known secrets (issue 16)", () => {
  it("3,000 passwords, each redacted from its own config line: the lines are read a bounded number of times, not once per password", async () => {
    const r = new Redactor();
    for (let i = 0; i < 3000; i++) r.addValue(`Sup3rS3cretPassw0rd${i}x`);
    const lines = Array.from({ length: 3000 }, (_, i) => `    { name: "R${i}", redis_store: { addresses: ["redis://:Sup3rS3cretPassw0rd${i}x@redis-${i}.internal:6379"] } },`);
    const total = lines.reduce((n, l) => n + l.length, 0);
    const { result, work } = await measureWork(() => lines.map((l) => r.text(l)));
    expect(result[2999]).toBe(`    { name: "R2999", redis_store: { addresses: ["redis://:${REDACTED}@redis-2999.internal:6379"] } },`);
    // Before: every line was searched for every form of every password (about 10^9 characters).
    expect(work.chars).toBeLessThan(50 * total);
  }, 120_000);
});

describe("work grows linearly with the escaped braces of a route (issue 16)", () => {
  // "/a{{}}{{}}…": every `{{` and `}}` is one literal brace whose position matchit remembers. The port
  // searched the list of those positions for each byte it read, and removed each escape with a splice.
  const S = (services: string) => `{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: ${services} }] }`;
  const n = 4_000;
  const path = "/a" + "{{}}".repeat(n);

  it("the router nests and routes a path of 4,000 escaped pairs, looking at each position a bounded number of times", async () => {
    const { result, work } = await measureWork(() => {
      const r = new AxumPaths();
      return [r.routeService(`${path}/x`), r.nestService(path), r.routeService(path)];
    });
    // matchit names the route it conflicts with unescaped.
    expect(result).toEqual([undefined, undefined, `Invalid route ${JSON.stringify(path)}: Insertion failed due to conflict with previously registered route: /a${"{}".repeat(n)}`]);
    // Before: 1.2e9 elements (each byte's escaped flag a search of up to 8,000 positions).
    expect(work.elements).toBeLessThan(20 * path.length);
  });

  it("admin.path and health.path of 4,000 escaped pairs", async () => {
    for (const services of [`{ health: {}, admin: { path: "${path}" } }`, `{ health: { path: "${path}" }, admin: {} }`, `{ health: { path: "${path}" }, admin: { path: "${path}" } }`]) {
      const { result, work } = await measureWork(() => lint(S(services)));
      const own = result.filter((f) => f.ruleId === "admin-path-valid" || f.ruleId === "health-path-valid");
      expect(own.map((f) => f.ruleId)).toEqual(services.split(path).length === 3 ? ["admin-path-valid"] : []);
      // Before: 6.4e8 elements for the admin path alone.
      expect(work.elements).toBeLessThan(50 * path.length);
    }
  }, 120_000);
});

describe("work grows linearly in migrate and the fixes made from it (issue 16)", () => {
  const minified = (n: number) =>
    JSON.stringify({
      stores: [...Array.from({ length: n }, (_, i) => ({ name: `S${i}`, memory: { eviction_policy: { max_bytes: i + 1 } } })), { name: "CAS", memory: {} }],
      servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: { "": { cas_store: "CAS" } } } }],
    });

  it("a minified config of 4,000 stores: no search back to the line's start per object, no queue shifted", async () => {
    const text = minified(4_000);
    const { result, work } = await measureWork(() => migrateText(text), { lookups: true });
    expect(result.problem).toBeUndefined();
    expect(result.text.endsWith('"services":{"cas":[{ "instance_name": "","cas_store":"CAS"}]}}]}')).toBe(true);
    // Before: each object's first member searched back to the start of the one line (3.7e8
    // characters), and the search for the first string shifted a queue of every store (8e6 moves).
    expect(work.chars).toBeLessThan(20 * text.length);
    expect(work.moved).toBeLessThan(10_000);
  });

  it("2,000 servers with services maps: each finding's fix takes the edits inside it, not a filter of all", async () => {
    const n = 2_000;
    const servers = Array.from({ length: n }, (_, i) => `    { listener: { http: { socket_address: "127.0.0.1:${10000 + i}" } }, services: { cas: { "": { cas_store: "CAS" } } } },`);
    const file = join(dir, "services-maps.json5");
    writeFileSync(file, `{\n  stores: [{ name: "CAS", memory: {} }],\n  servers: [\n${servers.join("\n")}\n  ],\n}\n`);
    const loaded = loadConfigFile(file, file);
    const findings = Array.from({ length: n }, (_, i) => ({ ruleId: "deprecated-services-map", file: loaded.file, pointer: `/servers/${i}/services/cas` }) as Finding);
    const { result, work } = await measureWork(() => attachFixes(findings, loaded), { filters: true });
    expect(result.map((f) => f.fix?.edits.length)).toEqual(new Array(n).fill(result[0]!.fix!.edits.length));
    expect(result[1_234]!.fix!.edits[0]!.range.line).toBe(4 + 1_234);
    // Before: every finding filtered all of the step's edits (n times as many as a server's).
    expect(work.filtered).toBeLessThan(50 * n);
  });
});
