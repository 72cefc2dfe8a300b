// The --connect demo of the mTLS example: starts, on 127.0.0.1, the servers the example's configs dial,
// with the example's own certificates (made by gen-certs.ts), then runs the check with --connect.
// - the CAS (cas.build.internal): TLS, h2, the cas/ac/bytestream/capabilities services for "main";
// - the scheduler's worker API (scheduler.build.internal): TLS, h2, client certificates from
//   worker-ca.pem required, as the scheduler's "workers" listener says.
// The static check predicts that the worker's certificate (extendedKeyUsage serverAuth only) is
// refused as a client certificate; --connect shows the handshake failing.
// Run from the project root: npm run example:connect
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createSecureServer, type ServerHttp2Stream, type IncomingHttpHeaders } from "node:http2";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const dir = new URL(".", import.meta.url).pathname;
const cert = (f: string) => readFileSync(join(dir, "certs", f));

/** Answers as NativeLink's router does: UNIMPLEMENTED under a mounted service, HTTP 404 elsewhere. */
function grpc(services: string[]) {
  return (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const path = String(headers[":path"]);
    stream.on("data", () => {});
    stream.on("end", () => {
      const [, service, method] = path.split("/");
      if (!services.includes(service!)) return stream.respond({ ":status": 404 }, { endStream: true });
      const ok = method === "FindMissingBlobs" || method === "GetCapabilities";
      stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": ok ? "0" : method === "GetActionResult" ? "5" : "12" }, { endStream: true });
    });
  };
}

async function serve(name: string, opts: Parameters<typeof createSecureServer>[0], services: string[]): Promise<number> {
  const server = createSecureServer({ ...opts, ALPNProtocols: ["h2"] });
  server.on("stream", grpc(services));
  // What the scheduler would log, in this demo server's words.
  server.on("secureConnection", (s) => {
    if (opts!.requestCert && !s.authorized) {
      console.log(`(demo ${name} server) refused a client: ${s.authorizationError}`);
      s.destroy();
    }
  });
  server.on("tlsClientError", (e) => console.log(`(demo ${name} server) TLS error: ${e.message}`));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  return (server.address() as AddressInfo).port;
}

const REAPI = "build.bazel.remote.execution.v2";
const casPort = await serve("CAS", { cert: cert("cas.pem"), key: cert("cas-key.pem") }, [`${REAPI}.ContentAddressableStorage`, `${REAPI}.ActionCache`, "google.bytestream.ByteStream", `${REAPI}.Capabilities`]);
const workerApiPort = await serve(
  "scheduler worker-API",
  { cert: cert("scheduler.pem"), key: cert("scheduler-key.pem"), ca: cert("worker-ca.pem"), requestCert: true, rejectUnauthorized: false },
  ["com.github.trace_machina.nativelink.remote_execution.WorkerApi"],
);

const root = join(dir, "../..");
const args = [
  join(root, "bin/nativelink-preflight.js"),
  "--cwd", "examples/mtls",
  "--host-map", "scheduler.build.internal=examples/mtls/scheduler.json5",
  "--host-map", "cas.build.internal=examples/mtls/cas.json5",
  "--connect", "--verbose", "--connect-timeout", "3",
  "--connect-resolve", `cas.build.internal=127.0.0.1:${casPort}`,
  "--connect-resolve", `scheduler.build.internal=127.0.0.1:${workerApiPort}`,
  "examples/mtls",
];
console.log(`$ nativelink-preflight ${args.slice(1).join(" ")}\n`);
// Asynchronously, so this process keeps serving while the check dials it.
const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
const code = await new Promise<number>((r) => child.on("close", (c) => r(c ?? 3)));
// Exit 1 is the expected outcome (the worker's certificate is refused); anything else is a failure.
process.exit(code === 1 ? 0 : code || 1);
