// The gRPC side of --connect: a TLS handshake with exactly the endpoint's configured material, the
// HTTP/2 preface on plaintext, and read-only calls that prove which services a listener mounts.
import { connect as h2connect, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";
import type { Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { CertFacts } from "../tls/index.ts";
import { certFactsFromDer } from "../tls/facts.ts";
import { buildChain } from "../tls/verify.ts";
import { type Attempt, type Deadline, connectTcp, dialPort, remaining, resolveHost } from "./net.ts";

/** The gRPC service each NativeLink service name mounts. */
export const GRPC_SERVICES: Record<string, string> = {
  cas: "build.bazel.remote.execution.v2.ContentAddressableStorage",
  ac: "build.bazel.remote.execution.v2.ActionCache",
  execution: "build.bazel.remote.execution.v2.Execution",
  capabilities: "build.bazel.remote.execution.v2.Capabilities",
  bytestream: "google.bytestream.ByteStream",
  fetch: "build.bazel.remote.asset.v1.Fetch",
  push: "build.bazel.remote.asset.v1.Push",
  worker_api: "com.github.trace_machina.nativelink.remote_execution.WorkerApi",
};

/** A method no service defines: a mounted service answers UNIMPLEMENTED, an unmounted path 404. */
export const NO_SUCH_METHOD = "NativelinkPreflightNoSuchMethod";

export interface TlsMaterial {
  /** The trusted CA certificates: the ca_file's PEM text and facts, or (use_native_roots) no text and the roots' facts. */
  ca: { pem?: string; certs: CertFacts[] };
  cert?: Uint8Array;
  key?: Uint8Array;
}

/** A read-only unary call to make once the routes answer. */
export interface UnaryCall {
  id: "find-missing-blobs" | "get-action-result" | "get-capabilities";
  path: string;
  message: Uint8Array;
}

export interface GrpcTarget {
  host: string;
  port: number;
  tls?: TlsMaterial;
  /** Service names (keys of GRPC_SERVICES) whose routes to probe. */
  services: string[];
  calls: UnaryCall[];
  now: Date;
  /** Judge the server's chain as rustls would (off for the config's own listeners: who trusts them is the clients' business). */
  verify: boolean;
}

export interface ChainEntry {
  subject: string;
  issuer: string;
  notAfter: Date;
  san: string[];
}

export interface RouteResult {
  service: string;
  /** mounted: gRPC answered (UNIMPLEMENTED for the made-up method); missing: HTTP 404; other: anything else. */
  verdict: "mounted" | "missing" | "other";
  httpStatus?: number;
  grpcStatus?: number;
  body?: string;
}

export interface CallResult {
  id: UnaryCall["id"];
  httpStatus?: number;
  grpcStatus?: number;
  grpcMessage?: string;
  body?: Uint8Array;
  error?: string;
}

export type GrpcProbe =
  | { stage: "dns"; code: string }
  | { stage: "tcp"; attempts: Attempt[] }
  | { stage: "tls-handshake"; attempts: Attempt[]; error: string; alert?: string; code?: string }
  | { stage: "tls-verify"; attempts: Attempt[]; rustls: string; chain: ChainEntry[]; protocol?: string }
  | { stage: "alpn"; attempts: Attempt[]; chain: ChainEntry[]; protocol?: string; alpn?: string }
  /** The connection failed once established (for TLS: after the handshake, where TLS 1.3 servers refuse client certificates). */
  | { stage: "tls-after-handshake"; attempts: Attempt[]; chain: ChainEntry[]; protocol?: string; alert?: string; error: string; code?: string }
  | { stage: "preface"; attempts: Attempt[]; saw: "tls" | "http1" | "closed" | "timeout" | "other"; first?: string }
  | { stage: "timeout"; attempts: Attempt[]; during: string; chain?: ChainEntry[] }
  | { stage: "done"; attempts: Attempt[]; chain?: ChainEntry[]; protocol?: string; routes: RouteResult[]; calls: CallResult[] };

/** OpenSSL's error codes for a received alert, as rustls names the alert (`AlertDescription`'s Debug). */
const ALERTS: Record<string, string> = {
  CERTIFICATE_REQUIRED: "CertificateRequired",
  BAD_CERTIFICATE: "BadCertificate",
  UNKNOWN_CA: "UnknownCA",
  UNSUPPORTED_CERTIFICATE: "UnsupportedCertificate",
  CERTIFICATE_EXPIRED: "CertificateExpired",
  CERTIFICATE_REVOKED: "CertificateRevoked",
  CERTIFICATE_UNKNOWN: "CertificateUnknown",
  DECRYPT_ERROR: "DecryptError",
  HANDSHAKE_FAILURE: "HandshakeFailure",
  NO_APPLICATION_PROTOCOL: "NoApplicationProtocol",
  ACCESS_DENIED: "AccessDenied",
  PROTOCOL_VERSION: "ProtocolVersion",
  INTERNAL_ERROR: "InternalError",
  ILLEGAL_PARAMETER: "IllegalParameter",
};

/** The alert a TLS error reports having received, in rustls' words; undefined when none was received. */
export function receivedAlert(e: NodeJS.ErrnoException): string | undefined {
  const m = /ALERT_([A-Z_]+)$/.exec(e.code ?? "") ?? /alert ([a-z ]+)/.exec(e.message);
  if (!m) return undefined;
  const key = m[1]!.toUpperCase().replace(/ /g, "_");
  return ALERTS[key] ?? key.toLowerCase().replace(/_/g, " ");
}

export async function probeGrpc(t: GrpcTarget, d: Deadline): Promise<GrpcProbe> {
  const r = await resolveHost(t.host, d);
  if (!r.ok) return { stage: "dns", code: r.code };
  const tcp = await connectTcp(r.addresses, dialPort(t.host, t.port, d), d);
  if (!tcp.ok) return { stage: "tcp", attempts: tcp.attempts };
  const attempts = tcp.attempts;
  if (!t.tls) {
    let saw = await prefaceCheck(tcp.socket, d);
    // Many TLS servers close the connection on bytes that are no ClientHello, without an alert: ask them one.
    if (saw.saw === "closed" || saw.saw === "other") {
      const again = await connectTcp([tcp.address], dialPort(t.host, t.port, d), d);
      if (again.ok && (await speaksTls(again.socket, t.host, d))) saw = { saw: "tls" };
    }
    if (saw.saw !== "h2") return saw.saw === "timeout" ? { stage: "timeout", attempts, during: "the HTTP/2 preface" } : { stage: "preface", attempts, saw: saw.saw, first: saw.first };
    const again = await connectTcp([tcp.address], dialPort(t.host, t.port, d), d);
    if (!again.ok) return { stage: "tcp", attempts: again.attempts };
    return grpcCalls(t, again.socket, attempts, d, undefined, undefined);
  }
  const hs = await handshake(tcp.socket, t, d);
  if ("timeout" in hs) return { stage: "timeout", attempts, during: "the TLS handshake" };
  if ("error" in hs) return { stage: "tls-handshake", attempts, error: hs.error.message, alert: receivedAlert(hs.error), code: hs.error.code };
  const { socket } = hs;
  const chain = peerChain(socket);
  const protocol = socket.getProtocol() ?? undefined;
  const facts = chain.map((c, i) => certFactsFromDer(c, i, 0));
  const trust = t.tls.ca.certs;
  const verdict = buildChain(facts, trust, { at: t.now, purpose: "serverAuth", name: t.host });
  const shown = facts.map(chainEntry);
  if (t.verify && verdict.rustlsError) {
    socket.destroy();
    return { stage: "tls-verify", attempts, rustls: verdict.rustlsError, chain: shown, protocol };
  }
  if (socket.alpnProtocol !== "h2") {
    socket.destroy();
    return { stage: "alpn", attempts, chain: shown, protocol, alpn: socket.alpnProtocol || undefined };
  }
  return grpcCalls(t, socket, attempts, d, shown, protocol);
}

function chainEntry(c: CertFacts): ChainEntry {
  const san = [...(c.san?.dns ?? []).map((x) => `DNS:${x}`), ...(c.san?.ip ?? []).map((x) => `IP:${x}`)];
  return { subject: c.subject, issuer: c.issuer, notAfter: c.notAfter, san };
}

/** The certificates the server sent, leaf first, as DER. */
function peerChain(s: TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  // With no certificate node returns an empty object, whose `raw` is absent despite the typings.
  let c = s.getPeerCertificate(true) as (Omit<ReturnType<TLSSocket["getPeerCertificate"]>, "raw"> & { raw?: Buffer; issuerCertificate?: unknown }) | undefined;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new Uint8Array(c.raw));
    c = c.issuerCertificate as typeof c;
  }
  return out;
}

type Handshake = { socket: TLSSocket } | { error: NodeJS.ErrnoException } | { timeout: true };

function handshake(raw: Socket, t: GrpcTarget, d: Deadline): Promise<Handshake> {
  const m = t.tls!;
  const ip = /^[0-9.]+$|:/.test(t.host);
  return new Promise((resolveP) => {
    const socket = tlsConnect({
      socket: raw,
      servername: ip ? undefined : t.host.replace(/\.$/, ""),
      ALPNProtocols: ["h2"],
      // The trust decision is made below, as rustls makes it; OpenSSL's own verdict is not used.
      rejectUnauthorized: false,
      ...(m.ca.pem === undefined ? {} : { ca: m.ca.pem }),
      ...(m.cert ? { cert: Buffer.from(m.cert) } : {}),
      ...(m.key ? { key: Buffer.from(m.key) } : {}),
      minVersion: "TLSv1.2",
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolveP({ timeout: true });
    }, remaining(d));
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolveP({ socket });
    });
    socket.once("error", (e) => {
      clearTimeout(timer);
      socket.destroy();
      resolveP({ error: e as NodeJS.ErrnoException });
    });
  });
}

/** Whether the server completes (or answers with an alert) a TLS handshake; trust is not judged here. */
function speaksTls(raw: Socket, host: string, d: Deadline): Promise<boolean> {
  return new Promise((resolveP) => {
    const socket = tlsConnect({ socket: raw, rejectUnauthorized: false, servername: /^[0-9.]+$|:/.test(host) ? undefined : host });
    const done = (v: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolveP(v);
    };
    const timer = setTimeout(() => done(false), remaining(d));
    socket.once("secureConnect", () => done(true));
    socket.once("error", (e: NodeJS.ErrnoException) => done(receivedAlert(e) !== undefined));
  });
}

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const EMPTY_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);

/** Sends the HTTP/2 preface and reads what comes back: a SETTINGS frame, a TLS alert, an HTTP/1.1 reply. */
function prefaceCheck(socket: Socket, d: Deadline): Promise<{ saw: "h2" | "tls" | "http1" | "closed" | "timeout" | "other"; first?: string }> {
  return new Promise((resolveP) => {
    let buf = Buffer.alloc(0);
    const done = (r: { saw: "h2" | "tls" | "http1" | "closed" | "timeout" | "other"; first?: string }) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.destroy();
      resolveP(r);
    };
    const timer = setTimeout(() => done({ saw: "timeout" }), remaining(d));
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf[0] === 0x15 || buf[0] === 0x16) done({ saw: "tls" });
      else if (buf.length >= 5 && buf.subarray(0, 5).toString("latin1") === "HTTP/") done({ saw: "http1", first: buf.toString("latin1").split("\r\n")[0] });
      else if (buf.length >= 9) done(buf[3] === 4 ? { saw: "h2" } : { saw: "other", first: buf.subarray(0, 16).toString("hex") });
    });
    socket.on("error", () => done({ saw: "closed" }));
    socket.on("end", () => done({ saw: buf.length ? "other" : "closed", first: buf.length ? buf.toString("hex") : undefined }));
    socket.write(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
  });
}

async function grpcCalls(t: GrpcTarget, socket: Socket, attempts: Attempt[], d: Deadline, chain: ChainEntry[] | undefined, protocol: string | undefined): Promise<GrpcProbe> {
  const authority = `${t.tls ? "https" : "http"}://${t.host.includes(":") && !t.host.startsWith("[") ? `[${t.host}]` : t.host}:${t.port}`;
  const session = h2connect(authority, { createConnection: () => socket });
  let sessionError: NodeJS.ErrnoException | undefined;
  session.on("error", (e) => (sessionError ??= e as NodeJS.ErrnoException));
  // A TLS 1.3 server refuses a client certificate after the client's handshake is done: the alert
  // arrives on the socket, as an error of its own.
  socket.on("error", (e) => (sessionError ??= e as NodeJS.ErrnoException));
  try {
    const routes: RouteResult[] = [];
    for (const service of t.services) {
      const r = await unary(session, `/${GRPC_SERVICES[service]}/${NO_SUCH_METHOD}`, new Uint8Array(0), d);
      if (r === "timeout") return { stage: "timeout", attempts, during: `the call to ${GRPC_SERVICES[service]}`, chain };
      if ("error" in r && r.error !== undefined) {
        if (!sessionError) await new Promise((res) => setTimeout(res, Math.min(200, remaining(d))));
        const e = sessionError ?? r.errorObj;
        const alert = e ? receivedAlert(e) : undefined;
        return { stage: "tls-after-handshake", attempts, chain: chain ?? [], protocol, alert, error: e?.message ?? r.error, code: e?.code };
      }
      const verdict = r.httpStatus === 404 ? "missing" : r.grpcStatus === 12 ? "mounted" : "other";
      routes.push({ service, verdict, httpStatus: r.httpStatus, grpcStatus: r.grpcStatus, body: r.body ? Buffer.from(r.body).toString("utf8").slice(0, 200) : undefined });
    }
    const calls: CallResult[] = [];
    if (routes.every((r) => r.verdict === "mounted")) {
      for (const c of t.calls) {
        const r = await unary(session, c.path, c.message, d);
        if (r === "timeout") return { stage: "timeout", attempts, during: `the call ${c.path}`, chain };
        calls.push({ id: c.id, httpStatus: r.httpStatus, grpcStatus: r.grpcStatus, grpcMessage: r.grpcMessage, body: r.body, error: r.error });
      }
    }
    return { stage: "done", attempts, chain, protocol, routes, calls };
  } finally {
    session.destroy();
    socket.destroy();
  }
}

interface Unary {
  httpStatus?: number;
  grpcStatus?: number;
  grpcMessage?: string;
  body?: Uint8Array;
  error?: string;
  errorObj?: NodeJS.ErrnoException;
}

/** One unary gRPC call: the request message framed, the response's status, trailers and first message. */
function unary(session: ClientHttp2Session, path: string, message: Uint8Array, d: Deadline): Promise<Unary | "timeout"> {
  return new Promise((resolveP) => {
    const out: Unary = {};
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      req.close();
      resolveP("timeout");
    }, remaining(d));
    const req = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    const grpc = (h: IncomingHttpHeaders) => {
      if (h["grpc-status"] !== undefined) out.grpcStatus = Number(h["grpc-status"]);
      if (h["grpc-message"] !== undefined) out.grpcMessage = decodeURIComponent(String(h["grpc-message"]));
    };
    req.on("response", (h) => {
      out.httpStatus = Number(h[":status"]);
      grpc(h);
    });
    req.on("trailers", grpc);
    req.on("data", (c: Buffer) => (data = Buffer.concat([data, c])));
    req.on("error", (e: NodeJS.ErrnoException) => {
      out.error = e.message;
      out.errorObj = e;
    });
    req.on("close", () => {
      clearTimeout(timer);
      if (data.length) out.body = out.httpStatus === 200 && data.length >= 5 ? new Uint8Array(data.subarray(5, 5 + data.readUInt32BE(1))) : new Uint8Array(data);
      if (out.httpStatus === undefined && out.error === undefined) out.error = "the stream closed without a response";
      resolveP(out);
    });
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    req.end(frame);
  });
}
