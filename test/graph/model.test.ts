// The graph model: built once per deployment and shared by the deployment rules and `graph`;
// findings placed on nodes and edges by pointer; the layered layout; the certificate timeline.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, toCheckArgs, type RunIO } from "../../src/cli.ts";
import { builtGraph, deploymentGraph, graphCounts, haveEdges, markFindings, type DeploymentGraph } from "../../src/graph/model.ts";
import { acyclic, layered } from "../../src/graph/layout.ts";
import { certRows, certsGantt, certsSvg } from "../../src/graph/certs.ts";
import type { Finding } from "../../src/types.ts";
import { AT, fixtureDir, FIXTURES } from "../helpers/graph.ts";
import { cli } from "../helpers/cli.ts";
import { seeded } from "../helpers/seeded.ts";

const io = (cwd: string): RunIO => ({ argv: [], env: {}, cwd, stdout: () => {}, stderr: () => {}, isTTY: false });

async function collected(name: string, dir: string, files = FIXTURES[name]!.files, extra = FIXTURES[name]!.args) {
  const argv = ["--at", AT, ...extra];
  const values: Record<string, string | string[]> = { at: AT };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!.slice(2);
    if (k === "host-map") values[k] = [...((values[k] as string[] | undefined) ?? []), argv[i + 1]!];
    else values[k] = argv[i + 1]!;
  }
  return collect(toCheckArgs(values, files), io(dir));
}

describe("one graph per deployment", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await fixtureDir("services-and-dangling");
  });

  it("the deployment rules build it, and the graph command reads the same object", async () => {
    const run = await collected("services-and-dangling", dir);
    expect(run.deployments).toHaveLength(1);
    const dep = run.deployments[0]!;
    const seen = builtGraph(dep);
    expect(seen).toBeDefined();
    expect(deploymentGraph(dep)).toBe(seen);
    // What the rule reported is on the edge of the connection it judged.
    const f = run.findings.find((x) => x.ruleId === "deployment-endpoint-listener" && x.severity === "error")!;
    const marks = markFindings(seen!, run.findings);
    const edge = seen!.edges.find((e) => e.file === f.file && f.pointer.startsWith(e.at))!;
    expect(marks.get(edge.id)).toEqual({ severity: "error", rules: ["deployment-endpoint-listener"] });
    expect(edge.connection).toBe(seen!.connections.find((c) => c.client.endpoint.at === edge.at));
  });

  it("a config checked alone runs no deployment rule, so nothing builds its graph until it is drawn", async () => {
    const run = await collected("services-and-dangling", dir, ["worker.json5"], []);
    expect(run.deployments).toHaveLength(1);
    expect(builtGraph(run.deployments[0]!)).toBeUndefined();
    // Drawn, the worker's endpoints dangle: nothing of the run serves them.
    const g = deploymentGraph(run.deployments[0]!);
    expect(g.dangling.map((d) => `${d.host}:${d.port}`)).toEqual(["scheduler.internal:50061", "cache.example.com:50051"]);
  });

  it("nodes and edges of the fixture: listeners with address and security, clients, a dangling store", async () => {
    const run = await collected("services-and-dangling", dir);
    const g = deploymentGraph(run.deployments[0]!);
    expect(g.listeners.map((l) => `${l.id} ${l.name} ${l.address} ${l.security} ${l.services.join(",")}`)).toEqual([
      'l0 servers[0] "api" 0.0.0.0:50051 plaintext ac,bytestream,cas',
      'l1 servers[1] "workers" 0.0.0.0:50061 plaintext cas',
    ]);
    expect(g.clients.map((c) => `${c.id} ${c.label} ${c.at}`)).toEqual(['k0 worker "w1" /workers/0', 'k1 grpc store "REMOTE" /stores/0']);
    expect(g.edges.map((e) => `${e.from}->${e.to} ${e.scheme} :${e.port}`)).toEqual(["k0->l1 grpc :50061", "k1->d0 grpc :50051"]);
    expect(g.dangling[0]!.why).toBe("no config of the run is known to serve this host");
  });
});

describe("findings on the graph, by pointer", () => {
  let g: DeploymentGraph;
  beforeAll(async () => {
    const dir = await fixtureDir("services-and-dangling");
    g = deploymentGraph((await collected("services-and-dangling", dir)).deployments[0]!);
  });
  const finding = (file: string, pointer: string, ruleId: string, severity: Finding["severity"] = "error", extra: Partial<Finding> = {}): Finding => ({
    ruleId,
    category: "endpoint",
    severity,
    message: "m",
    file,
    pointer,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    ...extra,
  });

  it("an endpoint's finding is on its edge, a server's on its listener, a client's own on the client, the rest on the config", () => {
    const marks = markFindings(g, [
      finding("worker.json5", "/workers/0/local/worker_api_endpoint/uri", "endpoint-uri-valid"),
      finding("scheduler.json5", "/servers/1/listener/http/socket_address", "worker-api-bind", "warning"),
      finding("worker.json5", "/stores/0/grpc/instance_name", "grpc-store-zstd-compression", "warning"),
      finding("scheduler.json5", "/schedulers/0", "scheduler-name-unique"),
    ]);
    expect(Object.fromEntries(marks)).toEqual({
      e0: { severity: "error", rules: ["endpoint-uri-valid"] },
      l1: { severity: "warning", rules: ["worker-api-bind"] },
      k1: { severity: "warning", rules: ["grpc-store-zstd-compression"] },
      cfg0: { severity: "error", rules: ["scheduler-name-unique"] },
    });
  });

  it("a deployment rule's finding on a client (its instance name) lies on the client's connections", () => {
    const marks = markFindings(g, [finding("worker.json5", "/stores/0/grpc/instance_name", "deployment-instance-names")]);
    expect([...marks.keys()]).toEqual(["e1"]);
  });

  it("an error outranks a warning on the same edge, and rule ids are listed once, sorted", () => {
    const at = "/workers/0/local/worker_api_endpoint";
    const marks = markFindings(g, [finding("worker.json5", `${at}/uri`, "b-rule", "warning"), finding("worker.json5", at, "a-rule"), finding("worker.json5", `${at}/uri`, "b-rule", "warning")]);
    expect(marks.get("e0")).toEqual({ severity: "error", rules: ["a-rule", "b-rule"] });
  });

  it("infos and suppressed findings colour nothing", () => {
    const at = "/workers/0/local/worker_api_endpoint/uri";
    expect(markFindings(g, [finding("worker.json5", at, "x", "info"), finding("worker.json5", at, "y", "error", { suppressed: { kind: "inline" } })]).size).toBe(0);
  });
});

describe("findings on the graph, by index", () => {
  /** markFindings as it was written first: every finding compared with every edge, listener and client. */
  function scanned(g: DeploymentGraph, findings: readonly Finding[]) {
    const within = (at: string, outer: string) => at === outer || at.startsWith(`${outer}/`);
    const marks = new Map<string, { severity: string; rules: string[] }>();
    const put = (id: string, f: Finding) => {
      const m = marks.get(id);
      if (!m) marks.set(id, { severity: f.severity, rules: [f.ruleId] });
      else {
        if (f.severity === "error") m.severity = "error";
        if (!m.rules.includes(f.ruleId)) m.rules.push(f.ruleId);
      }
    };
    for (const f of findings) {
      if (f.suppressed || (f.severity !== "error" && f.severity !== "warning")) continue;
      const edges = g.edges.filter((e) => e.file === f.file && within(f.pointer, e.at));
      if (edges.length > 0) {
        for (const e of edges) put(e.id, f);
        continue;
      }
      const l = g.listeners.find((x) => x.file === f.file && within(f.pointer, x.at));
      if (l) {
        put(l.id, f);
        continue;
      }
      const c = g.clients.find((x) => x.file === f.file && within(f.pointer, x.at));
      if (c) {
        const own = f.ruleId.startsWith("deployment-") ? g.edges.filter((e) => e.from === c.id) : [];
        if (own.length > 0) for (const e of own) put(e.id, f);
        else put(c.id, f);
        continue;
      }
      const cfg = g.configs.find((x) => x.file === f.file);
      if (cfg) put(cfg.id, f);
    }
    for (const m of marks.values()) m.rules.sort();
    return marks;
  }

  it("marks what a scan of every node marks, over 300 generated graphs with nested and repeated places", () => {
    const rand = seeded(0x1234567);
    const files = ["a.json5", "b.json5", "c.json5"];
    const segments = ["servers", "0", "1", "listener", "workers", "stores", "grpc", "endpoints", "uri", "a~1b", ""];
    const pointer = () => Array.from({ length: rand(5) }, () => `/${segments[rand(segments.length)]}`).join("");
    const place = () => ({ file: files[rand(files.length)]!, at: pointer() });
    for (let round = 0; round < 300; round++) {
      const clients = Array.from({ length: rand(6) }, (_, i) => ({ id: `k${i}`, ...place() }));
      const g = {
        configs: files.slice(0, 1 + rand(3)).map((file, i) => ({ id: `cfg${i}`, file })),
        listeners: Array.from({ length: rand(6) }, (_, i) => ({ id: `l${i}`, ...place() })),
        clients,
        edges: Array.from({ length: rand(8) }, (_, i) => ({ id: `e${i}`, from: clients.length ? clients[rand(clients.length)]!.id : "none", ...place() })),
      } as unknown as DeploymentGraph;
      const findings = Array.from({ length: rand(12) }, () => ({
        ruleId: rand(3) === 0 ? "deployment-x" : `r${rand(4)}`,
        severity: (["error", "warning", "info"] as const)[rand(3)],
        file: files[rand(files.length)]!,
        pointer: pointer(),
        ...(rand(8) === 0 ? { suppressed: { kind: "inline" as const } } : {}),
      })) as unknown as Finding[];
      expect(Object.fromEntries(markFindings(g, findings)), `round ${round}`).toEqual(Object.fromEntries(scanned(g, findings)));
    }
  });
});

describe("the graph's counts, by bundle", () => {
  // k configs, each with m servers on one port (health only) and a grpc store whose endpoints dial
  // that port on loopback: each endpoint reaches the m listeners of its config, m edges.
  async function deploymentOf(k: number, m: number) {
    const dir = mkdtempSync(join(tmpdir(), "nlp-bundles-"));
    const servers = Array.from({ length: m }, (_, j) => `{ name: "s${j}", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { health: {} } }`).join(", ");
    const files = Array.from({ length: k }, (_, i) => {
      const file = `c${i}.json5`;
      const endpoints = `{ address: "grpc://127.0.0.1:50051" }, { address: "grpc://127.0.0.1:${i % 2 ? 50061 : 50051}" }`;
      writeFileSync(join(dir, file), `{ stores: [{ name: "R", grpc: { instance_name: "main", store_type: "cas", endpoints: [${endpoints}] } }], servers: [${servers}] }\n`);
      return file;
    });
    const run = await collect(toCheckArgs({ at: AT, deployment: true }, files), io(dir));
    return { g: deploymentGraph(run.deployments[0]!), findings: run.findings };
  }

  it("counts what the drawn edges and their marks count, over generated findings", async () => {
    const { g, findings } = await deploymentOf(6, 3);
    const rand = seeded(0x5eed);
    const places = [...g.edges, ...g.clients, ...g.listeners].map((x) => ({ file: x.file, at: x.at }));
    for (let round = 0; round < 200; round++) {
      const made = Array.from({ length: rand(8) }, () => {
        const p = places[rand(places.length)]!;
        return {
          ruleId: rand(3) === 0 ? "deployment-x" : `r${rand(3)}`,
          severity: (["error", "warning", "info"] as const)[rand(3)],
          file: p.file,
          pointer: rand(2) ? p.at : `${p.at}/uri`,
        };
      }) as unknown as Finding[];
      const all = round === 0 ? findings : made;
      const marks = markFindings(g, all);
      expect(graphCounts([g], all), `round ${round}`).toEqual({
        configs: 6,
        edges: g.edges.length,
        broken: g.edges.filter((e) => marks.get(e.id)?.severity === "error").length,
      });
    }
    // Six configs of two endpoints: three reach one port twice (3 edges each), three reach it once
    // and dangle once (3 + 1).
    expect(g.edges).toHaveLength(3 * 6 + 3 * 4);
    expect(g.bundles).toHaveLength(12);
  });

  it("does not draw the edges to count them", async () => {
    const { g, findings } = await deploymentOf(2, 200);
    const counts = graphCounts([g], findings);
    expect(counts).toEqual({ configs: 2, edges: 200 * 2 + 201, broken: counts.broken });
    expect(g.bundles).toHaveLength(4);
    // The edges are drawn when first read, and counting did not read them.
    expect(haveEdges(g)).toBe(false);
    expect(g.edges).toHaveLength(counts.edges);
  });
});

describe("layered layout", () => {
  it("layers by the longest path from a source", () => {
    const l = layered({ vertices: ["cas", "worker", "scheduler"], edges: [{ from: "worker", to: "scheduler" }, { from: "worker", to: "cas" }, { from: "scheduler", to: "cas" }] });
    expect(l.layers).toEqual([["worker"], ["scheduler"], ["cas"]]);
  });

  it("reverses an edge that closes a cycle and drops self-loops", () => {
    expect(acyclic({ vertices: ["a", "b"], edges: [{ from: "a", to: "b" }, { from: "b", to: "a" }, { from: "a", to: "a" }] })).toEqual([{ from: "a", to: "b" }, { from: "a", to: "b" }]);
    expect(layered({ vertices: ["a", "b", "c"], edges: [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "c", to: "a" }] }).layers).toEqual([["a"], ["b"], ["c"]]);
  });

  it("orders a layer by the barycenter of its neighbours, removing a crossing", () => {
    // x1 -> y2 and x2 -> y1 cross in input order; barycenter ordering uncrosses them.
    const l = layered({ vertices: ["x1", "x2", "y1", "y2"], edges: [{ from: "x1", to: "y2" }, { from: "x2", to: "y1" }] });
    expect(l.layers).toEqual([["x1", "x2"], ["y2", "y1"]]);
  });
});

describe("certificate timeline", () => {
  it("lists each certificate once, with its status at --at, in gantt form and as SVG", async () => {
    const dir = await fixtureDir("mtls");
    const run = await collected("mtls", dir);
    const graphs = run.deployments.map(deploymentGraph);
    const o = { at: new Date(AT), atGiven: true, today: new Date("2026-12-02T00:00:00Z"), warnDays: 30 };
    const rows = certRows(graphs, o);
    expect(rows.map((r) => `${r.config} ${r.path} ${r.status} x${r.uses}`)).toEqual([
      "cas.json5 certs/cas.pem valid x1",
      "scheduler.json5 certs/ca.pem valid x5",
      "scheduler.json5 certs/scheduler.pem expiring x2",
      "scheduler.json5 certs/clients-ca.pem valid x1",
      "scheduler.json5 certs/worker-ca.pem valid x1",
      "worker.json5 certs/worker.pem valid x1",
    ]);
    const gantt = certsGantt(rows, o);
    expect(gantt).toContain("  warning window (30 days) :active, window, 2026-11-22, 2026-12-22\n");
    expect(gantt).toContain("  --at 2026-11-22 :milestone, at, 2026-11-22, 0d\n");
    expect(gantt).toContain("  today 2026-12-02 :milestone, today, 2026-12-02, 0d\n");
    expect(gantt).toContain("  CN=scheduler.build.internal, O=example (certs/scheduler.pem) expiring :crit, cert2, 2026-09-05, 2026-12-04\n");
    const svg = certsSvg(rows, o);
    expect(svg.match(/<g class="cert /g)).toHaveLength(6);
    expect(svg).toContain('<g class="cert expiring" data-subject="CN=scheduler.build.internal, O=example" data-not-after="2026-12-04T00:00:00.000Z">');
    expect(svg).toContain('<g class="window">');
    expect(svg).toContain("--at 2026-11-22");
    expect(svg).toContain("today 2026-12-02");
  });

  it("graph --certs judges with the window the configs were checked with: the settings file's expiryWarnDays", async () => {
    const dir = await fixtureDir("mtls");
    writeFileSync(join(dir, ".nativelink-preflight.json5"), "{ expiryWarnDays: 3 }\n");
    const r = await cli(["graph", "--certs", "--at", AT, ...FIXTURES.mtls!.files], { cwd: dir });
    expect(r.code).toBe(0);
    // scheduler.pem ends 12 days after --at: within the default 30 days, outside these 3.
    expect(r.stdout).toContain("  warning window (3 days) :active, window, 2026-11-22, 2026-11-25\n");
    expect(r.stdout).toContain("(certs/scheduler.pem) valid :");
    expect(r.stdout).not.toContain("expiring");
  });

  it("graph --certs draws it from the command line; dot has no timeline form", async () => {
    const dir = await fixtureDir("mtls");
    const r = await cli(["graph", "--certs", "--at", AT, ...FIXTURES.mtls!.files], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("gantt");
    const dot = await cli(["graph", "--certs", "-f", "dot", "cas.json5"], { cwd: dir });
    expect(dot.code).toBe(2);
    expect(dot.stderr).toContain("--certs draws a timeline: use --format mermaid or svg");
  });
});

describe("graph on the command line", () => {
  it("help graph names the formats and --certs", async () => {
    const r = await cli(["help", "graph"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nativelink-preflight graph [files..]");
    expect(r.stdout).toMatch(/choices: "mermaid", "dot", "svg"/);
    expect(r.stdout).toContain("--certs");
    expect(r.stdout).toContain("--host-map");
    expect(r.stdout).not.toContain("--max-warnings");
  });

  it("completion offers the command and its options", async () => {
    expect((await cli(["--get-yargs-completions", "nativelink-preflight", ""])).stdout.split("\n")).toContain("graph");
    expect((await cli(["--get-yargs-completions", "nativelink-preflight", "graph", "--ce"])).stdout).toContain("--certs");
  });

  it("a typo of the command is named", async () => {
    const r = await cli(["grahp"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "graph"?');
  });

  it("configs of two directories are two deployments, drawn apart with their own ids", async () => {
    const dir = await fixtureDir("services-and-dangling");
    mkdirSync(join(dir, "staging"));
    for (const f of ["scheduler.json5", "worker.json5"]) copyFileSync(join(dir, f), join(dir, "staging", f));
    const r = await cli(["graph", "--at", AT, "--profile", "development", "scheduler.json5", "worker.json5", "staging/scheduler.json5", "staging/worker.json5"], { cwd: dir });
    expect(r.code).toBe(0);
    const boxes = r.stdout.split("\n").filter((l) => l.startsWith("  subgraph "));
    expect(boxes).toEqual(['  subgraph g0_cfg0["scheduler.json5"]', '  subgraph g0_cfg1["worker.json5"]', '  subgraph g1_cfg0["staging/scheduler.json5"]', '  subgraph g1_cfg1["staging/worker.json5"]', '  subgraph legend["legend"]']);
    // Without --host-map, scheduler.internal is served by no config known to the run: each worker's edge dangles in its own deployment.
    expect(r.stdout).toContain('  g0_k0 -.->|"grpc :50061"| g0_d0\n');
    expect(r.stdout).toContain('  g1_k0 -.->|"grpc :50061"| g1_d0\n');
  });

  it("no format prints a secret of the configs (URI userinfo)", async () => {
    const dir = await fixtureDir("services-and-dangling");
    const worker = readFileSync(join(dir, "worker.json5"), "utf8").replace("grpc://cache.example.com:50051", "grpc://builder:hunter2-s3cret@cache.example.com:50051");
    writeFileSync(join(dir, "worker.json5"), worker);
    for (const format of ["mermaid", "dot", "svg"]) {
      const r = await cli(["graph", "-f", format, "--at", AT, ...FIXTURES["services-and-dangling"]!.args, "scheduler.json5", "worker.json5"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("cache.example.com:50051");
      expect(r.stdout).not.toContain("hunter2");
      expect(r.stdout).not.toContain("builder:");
    }
  });

  it("-o writes the SVG to a file", async () => {
    const dir = await fixtureDir("services-and-dangling");
    const r = await cli(["graph", "-f", "svg", "-o", "g.svg", "--at", AT, ...FIXTURES["services-and-dangling"]!.args, "scheduler.json5", "worker.json5"], { cwd: dir });
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, "g.svg"), "utf8");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<g class="edge error" id="edge-e0" data-from="k0" data-to="l1" data-rules="deployment-endpoint-listener">');
  });
});

describe("check and the graph", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await fixtureDir("services-and-dangling");
    mkdirSync(join(dir, "staging"));
    copyFileSync(join(dir, "scheduler.json5"), join(dir, "staging/scheduler.json5"));
  });
  const args = () => ["--at", AT, ...FIXTURES["services-and-dangling"]!.args];

  it("the human report counts the graph of several configs and says how to draw it", async () => {
    const r = await cli([...args(), "scheduler.json5", "worker.json5"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("graph:"))).toEqual([
      "graph: 2 configs, 2 edges, 1 broken; draw it: nativelink-preflight graph --host-map scheduler.internal=scheduler.json5 scheduler.json5 worker.json5 --format svg -o deployment.svg",
    ]);
  });

  it("says nothing of a graph when the configs have no edge between them", async () => {
    const r = await cli(["--at", AT, "--profile", "development", "scheduler.json5", "staging/scheduler.json5"], { cwd: dir });
    expect(r.stdout).toContain("in 2 files checked");
    expect(r.stdout).not.toContain("graph:");
  });

  it("says nothing of a graph for one config, nor in json", async () => {
    expect((await cli([...args(), "worker.json5"], { cwd: dir })).stdout).not.toContain("graph:");
    expect((await cli([...args(), "-f", "json", "scheduler.json5", "worker.json5"], { cwd: dir })).stdout).not.toContain("graph:");
  });

  it("--format github appends the Mermaid diagram to the job summary", async () => {
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "");
    const r = await cli([...args(), "-f", "github", "scheduler.json5", "worker.json5"], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const text = readFileSync(summary, "utf8");
    expect(text).toContain("### Deployment graph\n\n```mermaid\nflowchart LR\n");
    expect(text).toContain("  linkStyle 0 stroke:#d1242f,stroke-width:3px,color:#d1242f\n```\n");
  });

  it("the Action writes the diagram into the job summary when it checks more than one config", async () => {
    const { runAction } = await import("../../src/action.ts");
    for (const [files, drawn] of [
      ["scheduler.json5 worker.json5", true],
      ["worker.json5", false],
    ] as const) {
      const summary = join(dir, `action-${drawn}.md`);
      writeFileSync(summary, "");
      const env = { GITHUB_WORKSPACE: dir, GITHUB_STEP_SUMMARY: summary, INPUT_FILES: files, "INPUT_HOST-MAP": "scheduler.internal=scheduler.json5", INPUT_PROFILE: "development", INPUT_AT: AT, "INPUT_SARIF-FILE": `s-${drawn}.sarif` };
      await runAction(env, () => {});
      expect(readFileSync(summary, "utf8").includes("```mermaid\nflowchart LR")).toBe(drawn);
    }
  });
});
