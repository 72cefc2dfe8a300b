// Start-up benchmark: wall time of a lint run against a bare `node -e 0`, as a ratio of medians.
// Usage: npm run bench [-- --runs N]. Needs ../shared (the official v1.6.6 examples) for the config set.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
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
const tlsExample = join(root, "examples/mtls/scheduler.json5");
if (existsSync(join(root, "examples/mtls/certs"))) {
  scenarios.push({ name: "TLS config naming 6 PEM files (examples/mtls/scheduler.json5)", args: [bin, "--format", "json", tlsExample], cwd: join(root, "examples/mtls") });
  // For comparison only: what a run costs when the code cache is missing or refused.
  scenarios.push({ name: "the same, without the code cache", args: [bin, "--format", "json", tlsExample], cwd: join(root, "examples/mtls"), env: { NATIVELINK_PREFLIGHT_NO_CODE_CACHE: "1" } });
}

// The code cache recorded at install (scripts/warm-cache.mjs) is part of what is measured: say its state.
const probe = spawnSync(process.execPath, [bin, "--version"], { env: { ...process.env, NATIVELINK_PREFLIGHT_DEBUG: "1" }, encoding: "utf8" });
const cacheState = /code cache (\S+)/.exec(probe.stderr)?.[1] ?? "unknown";

function time(args, cwd, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: cwd ?? root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status === 3 || r.status === 2) throw new Error(`run failed (${r.status}): ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Interleave runs so that machine noise hits every scenario alike.
const base = [];
const times = scenarios.map(() => []);
time(["-e", "0"]);
scenarios.forEach((s) => time(s.args, s.cwd, s.env));
for (let i = 0; i < RUNS; i++) {
  base.push(time(["-e", "0"]));
  scenarios.forEach((s, j) => times[j].push(time(s.args, s.cwd, s.env)));
}
const b = median(base);
console.log(`node ${process.version}, ${RUNS} runs each, medians; code cache: ${cacheState}`);
if (cacheState !== "accepted") console.log("  (no usable code cache: `npm install` records one, or run node scripts/warm-cache.mjs)");
console.log(`  bare node -e 0: ${b.toFixed(1)} ms`);
scenarios.forEach((s, j) => {
  const m = median(times[j]);
  console.log(`  ${s.name}: ${m.toFixed(1)} ms  (ratio ${(m / b).toFixed(2)}x)`);
});
