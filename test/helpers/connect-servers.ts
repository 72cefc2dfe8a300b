// Servers for the --connect tests, all on 127.0.0.1 and closed by the test that starts them: TLS and
// plaintext HTTP/2 servers that answer gRPC like NativeLink (UNIMPLEMENTED under a mounted service,
// HTTP 404 "No route for" elsewhere), a TLS server without h2, a TCP blackhole, an HTTP/1.1 server.
import { createServer as h2c, createSecureServer, type Http2Server, type Http2SecureServer, type ServerHttp2Stream, type IncomingHttpHeaders } from "node:http2";
import { createServer as http1 } from "node:http";
import { createServer as tcp, type Server } from "node:net";
import { createServer as tlsServer, type TlsOptions } from "node:tls";
import type { AddressInfo } from "node:net";

export interface Running {
  port: number;
  close: () => Promise<void>;
}

export interface GrpcBehaviour {
  /** gRPC services (full names) the server mounts. */
  services: string[];
  /** Instance names the cas/ac services know (FindMissingBlobs, GetActionResult). */
  instances?: string[];
  /** Instance names GetCapabilities reports execution capabilities for. */
  execInstances?: string[];
}

function trailersOnly(stream: ServerHttp2Stream, status: number, message?: string, body?: Buffer) {
  if (body) {
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(status), ...(message ? { "grpc-message": encodeURIComponent(message) } : {}) }));
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    body.copy(frame, 5);
    stream.end(frame);
    return;
  }
  stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": String(status), ...(message ? { "grpc-message": encodeURIComponent(message) } : {}) }, { endStream: true });
}

/** The instance_name (field 1) of a request message. */
function instanceOf(msg: Buffer): string {
  if (msg.length < 2 || msg[0] !== 0x0a) return "";
  return msg.subarray(2, 2 + msg[1]!).toString("utf8");
}

/** Handles streams as NativeLink's router and tonic services would, for the probes --connect makes. */
export function grpcHandler(b: GrpcBehaviour) {
  return (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const path = String(headers[":path"]);
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const service = path.split("/")[1] ?? "";
      const method = path.split("/")[2] ?? "";
      if (!b.services.includes(service)) {
        stream.respond({ ":status": 404, "content-type": "text/plain" });
        stream.end(`No route for ${path}`);
        return;
      }
      const msg = Buffer.concat(chunks).subarray(5);
      const inst = instanceOf(msg);
      if (method === "FindMissingBlobs" || method === "GetActionResult") {
        if (!(b.instances ?? [""]).includes(inst)) trailersOnly(stream, 3, `'instance_name' not configured for '${inst}'`);
        else if (method === "FindMissingBlobs") trailersOnly(stream, 0, undefined, Buffer.alloc(0));
        else trailersOnly(stream, 5, "Not found");
        return;
      }
      if (method === "GetCapabilities") {
        // cache_capabilities (1) always; execution_capabilities (2) for known instances.
        const body = Buffer.from((b.execInstances ?? []).includes(inst) ? [0x0a, 0x00, 0x12, 0x00] : [0x0a, 0x00]);
        trailersOnly(stream, 0, undefined, body);
        return;
      }
      trailersOnly(stream, 12, `Method not found: ${path}`);
    });
  };
}

function listening(server: Server | Http2Server | Http2SecureServer | ReturnType<typeof http1>): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

/** A TLS gRPC server (h2 via ALPN). */
export function grpcTlsServer(tls: TlsOptions, b: GrpcBehaviour): Promise<Running> {
  const server = createSecureServer({ ...tls, ALPNProtocols: ["h2"] });
  server.on("stream", grpcHandler(b));
  server.on("tlsClientError", () => {});
  server.on("sessionError", () => {});
  const sockets = new Set<import("node:net").Socket>();
  server.on("secureConnection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return listening(server).then((r) => ({ ...r, close: () => (sockets.forEach((s) => s.destroy()), r.close()) }));
}

/** A plaintext (h2c) gRPC server. */
export function grpcPlainServer(b: GrpcBehaviour): Promise<Running> {
  const server = h2c();
  server.on("stream", grpcHandler(b));
  server.on("sessionError", () => {});
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s: import("node:net").Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return listening(server).then((r) => ({ ...r, close: () => (sockets.forEach((s) => s.destroy()), r.close()) }));
}

/** A TLS server that offers only http/1.1. */
export function tlsHttp1Server(tls: TlsOptions): Promise<Running> {
  const server = tlsServer({ ...tls, ALPNProtocols: ["http/1.1"] }, (s) => s.end());
  server.on("tlsClientError", () => {});
  return listening(server);
}

/** A plain HTTP/1.1 server. */
export function http1Server(): Promise<Running> {
  const server = http1((_req, res) => res.end("hello"));
  return listening(server);
}

/** Accepts TCP connections and never says a word. */
export function blackhole(): Promise<Running> {
  const sockets = new Set<import("node:net").Socket>();
  const server = tcp((s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  });
  return listening(server).then((r) => ({ ...r, close: () => (sockets.forEach((s) => s.destroy()), r.close()) }));
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const r = await listening(tcp());
  await r.close();
  return r.port;
}

export const SERVICES = {
  cas: "build.bazel.remote.execution.v2.ContentAddressableStorage",
  ac: "build.bazel.remote.execution.v2.ActionCache",
  bytestream: "google.bytestream.ByteStream",
  capabilities: "build.bazel.remote.execution.v2.Capabilities",
  execution: "build.bazel.remote.execution.v2.Execution",
  workerApi: "com.github.trace_machina.nativelink.remote_execution.WorkerApi",
};
