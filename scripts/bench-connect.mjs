#!/usr/bin/env node
// Times `--connect` over 50 endpoints, 10 of them unreachable, against servers this script starts on
// 127.0.0.1: 40 grpc stores on gRPC (h2c) servers that answer like NativeLink, 5 on closed ports
// (refused at once) and 5 on a blackhole that accepts TCP and never says a word (each waits for the
// whole timeout). The run must end within the timeout plus 1 s. Usage: node scripts/bench-connect.mjs [--timeout SECS]
import { spawn } from "node:child_process";
import { createServer as h2c } from "node:http2";
import { createServer as tcp } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const i = process.argv.indexOf("--timeout");
const timeout = i > 0 ? Number(process.argv[i + 1]) : 5;

const listen = (server) => new Promise((r) => server.listen(0, "127.0.0.1", () => r(server.address().port)));
const sockets = new Set();
const track = (s) => (sockets.add(s), s.on("close", () => sockets.delete(s)), s.on("error", () => {}));

const CAS = "build.bazel.remote.execution.v2.ContentAddressableStorage";
const grpcServers = [];
for (let k = 0; k < 4; k++) {
  const s = h2c();
  s.on("connection", track);
  s.on("stream", (stream, headers) => {
    stream.on("data", () => {});
    stream.on("end", () => {
      const ok = String(headers[":path"]).startsWith(`/${CAS}/`) || String(headers[":path"]).startsWith("/google.bytestream.ByteStream/");
      if (!ok) return stream.respond({ ":status": 404 }, { endStream: true });
      const method = String(headers[":path"]).split("/")[2];
      stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": method === "FindMissingBlobs" ? "0" : "12" }, { endStream: true });
    });
  });
  grpcServers.push(s);
}
const ports = await Promise.all(grpcServers.map(listen));
const hole = tcp(track);
const holePort = await listen(hole);
const closed = [];
for (let k = 0; k < 5; k++) {
  const s = tcp();
  closed.push(await listen(s));
  await new Promise((r) => s.close(r));
}

const addresses = [
  ...Array.from({ length: 40 }, (_, k) => `grpc://127.0.0.1:${ports[k % ports.length]}`),
  ...closed.map((p) => `grpc://127.0.0.1:${p}`),
  ...Array.from({ length: 5 }, () => `grpc://127.0.0.1:${holePort}`),
];
const stores = addresses.map((a, k) => `    { name: "S${k}", grpc: { instance_name: "", endpoints: [{ address: "${a}" }], store_type: "cas" } },`);
const dir = mkdtempSync(join(tmpdir(), "nlp-bench-connect-"));
const file = join(dir, "many.json5");
writeFileSync(file, ["{", "  stores: [", ...stores, "  ],", "  servers: [],", "}", ""].join("\n"));

/** Runs the CLI on the config; its wall time and output. */
async function timed(extra) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, "bin/nativelink-preflight.js"), "--format", "json", ...extra, file], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((r) => child.on("close", r));
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out, code };
}
// The same check without --connect: node's start and the static checks of the 50 stores.
const base = await timed([]);
const { ms, out, code } = await timed(["--connect", "--connect-timeout", String(timeout)]);

const findings = JSON.parse(out).findings.filter((f) => f.category === "network");
const refused = findings.filter((f) => /connection refused/.test(f.message)).length;
const timedOut = findings.filter((f) => /no answer within/.test(f.message)).length;
for (const s of sockets) s.destroy();
for (const s of [...grpcServers, hole]) s.close();
const budget = timeout * 1000 + 1000;
const phase = ms - base.ms;
console.log(`50 endpoints (40 answering, ${closed.length} refused, 5 blackholed), --connect-timeout ${timeout}: ${ms.toFixed(0)} ms wall, exit ${code}`);
console.log(`the same run without --connect: ${base.ms.toFixed(0)} ms; the connect phase: ${phase.toFixed(0)} ms (budget: the timeout + 1 s = ${budget} ms)`);
console.log(`findings: ${findings.length} network (${refused} refused, ${timedOut} timed out)`);
if (findings.length !== 10 || refused !== 5 || timedOut !== 5) {
  console.error("unexpected findings:\n" + findings.map((f) => `${f.line}:${f.column} ${f.message}`).join("\n"));
  process.exit(1);
}
// The budget is the connect phase's: node's start-up and the static checks are the same with or without it.
process.exit(phase <= budget ? 0 : 1);
