// Hostile inputs of the three areas a third hunt covered (the target environment, the human and
// github reports, --on-host), each at a size where the old code's cost was seconds and grew with the
// square of the input. As in linear-work.test.ts, the tests count the work of the built-in searches
// and tables (see helpers/work.ts) and bound it by a small multiple of the input's size.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tree } from "./helpers/cli.ts";
import { lint } from "./helpers/lint.ts";
import { fakeProc } from "./helpers/host.ts";
import { parseSystemdUnit } from "../src/host/systemd.ts";
import { formatHuman } from "../src/report/human.ts";
import type { Finding } from "../src/types.ts";
import { measureWork } from "./helpers/work.ts";
import { REDACTED, Redactor } from "../src/report/redact.ts";
import { envFrom } from "../src/values/index.ts";

/** Runs `f`, counting the characters of the texts given to the Redactor's addValue and learn (each reads all of its text). */
async function redactorIntake<T>(f: () => Promise<T> | T): Promise<{ result: T; chars: number }> {
  let chars = 0;
  const proto = Redactor.prototype as unknown as Record<"addValue" | "learn", (this: Redactor, text: string) => void>;
  const { addValue, learn } = proto;
  proto.addValue = function (this: Redactor, v: string) {
    chars += v.length;
    addValue.call(this, v);
  };
  proto.learn = function (this: Redactor, text: string) {
    chars += text.length;
    learn.call(this, text);
  };
  try {
    const result = await f();
    return { result, chars };
  } finally {
    proto.addValue = addValue;
    proto.learn = learn;
  }
}

describe("the target environment is built once per run (issue 16)", () => {
  const n = 200;
  const vars = 5_000;
  const envText = Array.from({ length: vars }, (_, i) => `V${i}=v${i}\n`).join("");
  const configs = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) out[`cfgs/c${i}.json5`] = `{ stores: [{ name: "S", filesystem: { content_path: "/x/\${V${i}}/c", temp_path: "/x/\${V${i}}/t" } }], servers: [] }\n`;
    return out;
  };

  it(`${n} configs and one --target-env-file of ${vars} variables: the file is read and stored once, not once per config`, async () => {
    const d = tree({ "t.env": envText, ...configs() });
    const { result, work } = await measureWork(() => cli(["cfgs", "--target-env-file", "t.env", "-f", "json", "--no-deployment"], { cwd: d }), { stores: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ files: n, errors: 0 });
    // Before: every config parsed the file and copied its variables (2e6 stored for 200 configs).
    expect(work.stored).toBeLessThan(4 * vars + 100 * n);
  }, 120_000);

  it(`${n} configs under a settings file naming an env file of ${vars} variables: its variables are copied once`, async () => {
    const d = tree({ "t.env": envText, ".nativelink-preflight.json5": `{ envFiles: ["t.env"] }\n`, ...configs() });
    const { result, work } = await measureWork(() => cli(["cfgs", "-f", "json", "--no-deployment"], { cwd: d }), { stores: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ files: n, errors: 0 });
    // Before: every config copied the settings file's variables into an environment of its own (1e6 stored).
    expect(work.stored).toBeLessThan(4 * vars + 100 * n);
  }, 120_000);

  it("configs of two settings files and --env: each config sees its own settings file's variables", async () => {
    const d = tree({
      "a/.nativelink-preflight.json5": `{ envFiles: ["a.env"] }\n`,
      "a/a.env": "ROOT=/srv/a\n",
      "a/c.json5": `{ stores: [{ name: "S", filesystem: { content_path: "\${ROOT}/\${ONLY_A}/c", temp_path: "\${ROOT}/t" } }], servers: [] }\n`,
      "b/.nativelink-preflight.json5": `{ envFiles: ["b.env"] }\n`,
      "b/b.env": "ROOT=/srv/b\nONLY_A=x\n",
      "b/c.json5": `{ stores: [{ name: "S", filesystem: { content_path: "\${ROOT}/\${ONLY_A}/c", temp_path: "\${ROOT}/\${EXTRA}/t" } }], servers: [] }\n`,
    });
    const r = await cli(["a/c.json5", "b/c.json5", "--env", "EXTRA=e", "-f", "json"], { cwd: d });
    const findings = JSON.parse(r.stdout).findings as { file: string; ruleId: string; message: string }[];
    expect(findings.filter((f) => f.ruleId === "env-defined").map((f) => `${f.file}: ${f.message}`)).toEqual(["a/c.json5: environment variable ONLY_A is not set, and ${ONLY_A} has no default"]);
  });
});

describe("each value the environment serves is taken in by the redactor once (issue 16)", () => {
  it("a secret and a path of 200,000 characters, each looked up 1,000 times", async () => {
    const secret = "s3cr3t-".repeat(200_000 / 7);
    const path = "/srv/" + "a/".repeat(100_000);
    const r = new Redactor();
    const env = r.watch(envFrom(new Map([["MY_TOKEN", secret], ["DATA_DIR", path], ["OTHER_TOKEN", path]])));
    const { chars } = await redactorIntake(() => {
      for (let i = 0; i < 1_000; i++) for (const name of ["MY_TOKEN", "DATA_DIR", "OTHER_TOKEN", "UNSET"]) env.get(name);
    });
    // Before: every lookup read the value again (6e8 characters).
    expect(chars).toBeLessThan(10 * (secret.length + path.length));
    // Still a secret, whatever name served it first; the path is a secret too, as OTHER_TOKEN served it.
    expect(r.text(`x ${secret} y`)).toBe(`x ${REDACTED} y`);
    expect(r.text(path)).toBe(REDACTED);
  });

  it("a config naming a 100,000-character secret in 600 fields", async () => {
    const secret = "Zq9-".repeat(25_000);
    const stores = Array.from({ length: 200 }, (_, i) => `{ name: "S${i}", filesystem: { content_path: "\${MY_SECRET}", temp_path: "\${MY_SECRET}/t", eviction_policy: { max_bytes: "\${MY_SECRET}" } } }`);
    const d = tree({ "t.env": `MY_SECRET=${secret}\n`, "c.json5": `{ stores: [\n${stores.join(",\n")}\n], servers: [] }\n` });
    const { result, chars } = await redactorIntake(() => cli(["c.json5", "--target-env-file", "t.env", "-f", "json"], { cwd: d }));
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(secret.slice(0, 40));
    expect(JSON.parse(result.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === "value-format")).toHaveLength(200);
    // Before: each of the 1,200 lookups took the value in again (1.2e8 characters).
    expect(chars).toBeLessThan(20 * secret.length);
  }, 120_000);
});

describe("the human report reads each source line once, however many findings it holds (issue 16)", () => {
  // A minified config: every finding's code frame shows the one line, redacted, escaped and measured.
  const n = 2_000;
  const keys = Array.from({ length: n }, (_, i) => `x${i}:"redis://u:Pw-${i}-secret@h${i}:6379"`).join(",");
  const text = `{stores:[],servers:[],global:{max_open_files:1,${keys}}}`;

  for (const columns of [undefined, 100]) {
    it(`${n} findings on one line of ${text.length} characters, ${columns === undefined ? "to a file" : `on ${columns} columns`}`, async () => {
      const d = tree({ "c.json5": text });
      const env: Record<string, string> = columns === undefined ? {} : { COLUMNS: String(columns) };
      const { result, work } = await measureWork(() => cli(["c.json5", "--color"], { cwd: d, env }), { reads: true });
      expect(result.code).toBe(1);
      expect(result.stdout.match(/unknown key "x\d+" in global/g)).toHaveLength(n);
      expect(result.stdout).toContain(`6379",x1234:"redis://u:${REDACTED}@h1234:6379"`);
      expect(result.stdout).not.toMatch(/Pw-\d+-secret/);
      // Before: each frame redacted the whole line (its searches 2.1e9 characters, most of the
      // 8.4e6 now are the engine's) and measured it (charCodeAt and codePointAt called 6.2e8 times).
      expect(work.chars).toBeLessThan(200 * text.length);
      expect(work.reads).toBeLessThan(50 * text.length + 1_000 * n);
    }, 120_000);
  }
});

describe("--on-host finds each path's ancestors by their components (issue 16)", () => {
  it("a store at every level of a directory tree 300 deep", async () => {
    const d = 300;
    const top = mkdtempSync(join(tmpdir(), "nlp-deep-"));
    const levels: string[] = [];
    for (let i = 0, p = top; i < d; i++) levels.push((p = join(p, "a")));
    mkdirSync(levels[d - 1]!, { recursive: true });
    const stores = levels.map((p, i) => `{ name: "S${i}", filesystem: { content_path: ${JSON.stringify(p + "/c")}, temp_path: ${JSON.stringify(p + "/t")} } }`);
    const text = `{ stores: [\n${stores.join(",\n")}\n], servers: [] }`;
    const { result, work } = await measureWork(() => lint(text, { onHost: true, only: "host-store-directories" }), { lookups: true });
    expect(result).toEqual([]);
    // Before: each path looked each of its ancestors up by its whole path (1.7e8 key characters) and
    // unshifted it onto a list (3.8e7 moves). Each of the 13 paths and listings a store is looked at by
    // is still looked up by its whole path (6.3e6).
    expect(work.keyChars).toBeLessThan(60 * text.length);
    expect(work.moved).toBeLessThan(text.length);
  }, 120_000);

  it("a content_path of 20,000 components under a directory that does not exist", async () => {
    const deep = "/nonexistent-nlp" + "/b".repeat(20_000);
    const text = `{ stores: [{ name: "S", filesystem: { content_path: "${deep}/c", temp_path: "${deep}/t" } }], servers: [] }`;
    const { result, work } = await measureWork(() => lint(text, { onHost: true, only: "host-store-directories" }), { lookups: true });
    expect(result).toEqual([]);
    // Before: 1.6e9 moves (each path's 20,000 ancestors unshifted onto a list one by one).
    expect(work.moved).toBeLessThan(text.length);
    expect(work.keyChars).toBeLessThan(60 * text.length);
  }, 120_000);
});

describe("--systemd-unit with a long AmbientCapabilities= line (issue 16)", () => {
  const caps = Array.from({ length: 200_000 }, (_, i) => `CAP_X${i}`).join(" ");

  it("a line of 1,000,000 capabilities is read, not a stack overflow", () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(" ");
    const unit = parseSystemdUnit(`[Service]\nAmbientCapabilities=${many} cap_net_bind_service\nAmbientCapabilities=CAP_SYS_NICE\n`);
    expect(unit.ambientCapabilities).toHaveLength(1_000_002);
    expect(unit.ambientCapabilities.slice(-2)).toEqual(["CAP_NET_BIND_SERVICE", "CAP_SYS_NICE"]);
  });

  it("2,000 listeners on low ports ask the unit's 200,000 capabilities once", async () => {
    const n = 2_000;
    const servers = Array.from({ length: n }, (_, i) => `{ listener: { http: { socket_address: "0.0.0.0:${100 + (i % 900)}" } }, services: { health: {} } }`);
    const text = `{ stores: [], servers: [\n${servers.join(",\n")}\n] }`;
    const proc = fakeProc({ "sys/net/ipv4/ip_unprivileged_port_start": "1024\n", "self/status": "Name:\tx\nCapBnd:\t000001ffffffffff\n" });
    const unit = { ...parseSystemdUnit(`[Service]\nAmbientCapabilities=${caps}\n`), path: "nativelink.service" };
    const { result, work } = await measureWork(() => lint(text, { onHost: true, only: "host-listen-port-privileged", runAs: "nobody", hostRoots: proc, systemdUnit: unit }));
    expect(result).toHaveLength(n);
    // Before: every listener searched the list again (4e8 elements).
    expect(work.elements).toBeLessThan(2 * 200_000 + 100 * n);
  }, 120_000);
});

describe("the human report wraps a note of any length (issue 16)", () => {
  it("a hint of 12,000,000 words on 40 columns is 660,000 lines, not a stack overflow", () => {
    const hint = "w ".repeat(12_000_000) + "end";
    const f: Finding = { ruleId: "env-defined", category: "value", severity: "error", message: "m", file: "c.json5", pointer: "", line: 1, column: 1, endLine: 1, endColumn: 2, hint };
    const out = formatHuman([f], { sources: new Map(), redactLine: (line) => ({ text: line, at: (i) => i }), color: false, filesChecked: 1, width: 40 });
    // Each line of the hint after its first, indented under it; the last one ends it.
    const rest = out.split("\n").filter((l) => l.startsWith("      "));
    expect(rest.length).toBeGreaterThan(650_000);
    expect(rest.at(-1)).toMatch(/^ +(?:w )*end$/);
  });
});

describe("findings find their key in a large object without searching it (issue 16)", () => {
  it("4,000 unknown keys of global: each finding's key span is looked up, not searched for", async () => {
    const n = 4_000;
    const text = `{\n stores: [],\n servers: [],\n global: {\n  max_open_files: 1,\n${Array.from({ length: n }, (_, i) => `  x${i}: 1,\n`).join("")} }\n}\n`;
    const { result, work } = await measureWork(() => lint(text, { only: "key-unknown" }));
    expect(result).toHaveLength(n);
    expect(result[1_234]).toMatchObject({ pointer: "/global/x1234", line: 6 + 1_234, column: 3, endLine: 6 + 1_234, endColumn: 8 });
    // Before: each finding searched the members of global for its value (8.0e6 elements).
    expect(work.elements).toBeLessThan(100 * n);
  }, 120_000);
});
