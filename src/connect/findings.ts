// What each probe result means for NativeLink, said at the endpoint's pointer. Pure: the probes
// gathered the facts; here they become findings with the text NativeLink prints for that failure.
import type { Client, Listener } from "../facts/deployment.ts";
import { callTip, connectConsequence } from "../facts/deployment.ts";
import { isoDate } from "../facts/tls-client.ts";
import type { Report } from "../types.ts";
import type { NetworkCheckId } from "./ids.ts";
import type { ChainEntry, GrpcProbe, GrpcTarget } from "./grpc.ts";
import { GRPC_SERVICES } from "./grpc.ts";
import { topLevelFields } from "./proto.ts";
import { type Attempt, tcpWords } from "./net.ts";

type Out = Report & { id: NetworkCheckId };

interface Opts {
  timeoutMs: number;
}

const hostPort = (host: string, port: number) => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);

export function attemptsText(attempts: Attempt[], port: number): string {
  return attempts.map((a) => `${hostPort(a.address, port)} ${a.error ? tcpWords(a.error) : "connected"}`).join("; ");
}

export function chainText(chain: ChainEntry[] | undefined): string {
  if (!chain?.length) return "no certificate";
  return chain
    .map((c, i) => `${i === 0 ? "server" : `chain[${i}]`} ${c.subject} (issuer ${c.issuer}, expires ${isoDate(c.notAfter)}${c.san.length ? `, SAN ${c.san.join(", ")}` : ""})`)
    .join("; ");
}

export function dnsWords(code: string): string {
  if (code === "ENOTFOUND") return "no such name (NXDOMAIN)";
  if (code === "EAI_AGAIN") return "the resolver did not answer (EAI_AGAIN)";
  if (code === "timeout") return "no answer before the timeout";
  return code;
}

/** What NativeLink prints when the connection (not a call) fails. */
function connectText(c: Client): string | undefined {
  return c.worker ? `Could not connect to endpoint ${c.uri.value}` : callTip(c);
}

/** Where a problem with the TLS material is fixed. */
function tlsAt(c: Client, which: "ca" | "cert"): string {
  const t = c.endpoint.tls;
  const s = which === "ca" ? (t?.caFile ?? undefined) : t?.certFile;
  return s?.at ?? t?.at ?? c.uri.at;
}

export function clientReports(c: Client, t: GrpcTarget, p: GrpcProbe, o: Opts): Out[] {
  const who = `${c.label} (${c.shown})`;
  const cons = connectConsequence(c);
  const base = { id: "connect-endpoint" as const, at: c.uri.at, nativelink: connectText(c) };
  const secs = o.timeoutMs / 1000;
  switch (p.stage) {
    case "dns":
      return [{ ...base, message: `${who}: host "${c.host}" does not resolve: ${dnsWords(p.code)}; ${cons}`, hint: `fix the host name, or add it to DNS (or /etc/hosts) where NativeLink runs` }];
    case "tcp":
      return [{ ...base, message: `${who}: no TCP connection to port ${c.port}: ${attemptsText(p.attempts, c.port)}; ${cons}`, hint: `start the server, or fix the port: NativeLink dials ${hostPort(c.host, c.port)}` }];
    case "timeout":
      return [{ ...base, message: `${who}: no answer within ${secs} s during ${p.during} (${attemptsText(p.attempts, c.port)}); ${cons}`, hint: "check that this port is the NativeLink listener and not a firewall or a proxy that holds connections" }];
    case "preface":
      if (p.saw === "tls") {
        return [{ ...base, message: `${who}: the server on ${hostPort(c.host, c.port)} answers the HTTP/2 preface with a TLS record: it speaks TLS, but the URI's scheme is plaintext; ${cons}`, hint: `use grpcs:// with a tls_config naming the CA that signs the server's certificate` }];
      }
      if (p.saw === "http1") {
        return [{ ...base, message: `${who}: the server on ${hostPort(c.host, c.port)} answers HTTP/1.1 ("${p.first}"), not HTTP/2: it is not a gRPC listener, or a proxy there does not speak h2c; ${cons}`, hint: "point the URI at NativeLink's listener (or a proxy that forwards h2c)" }];
      }
      return [{ ...base, message: `${who}: the server on ${hostPort(c.host, c.port)} does not answer the HTTP/2 preface (${p.saw === "closed" ? "it closed the connection" : `it sent ${p.first}`}); ${cons}`, hint: "point the URI at NativeLink's listener" }];
    case "tls-handshake":
    case "tls-after-handshake": {
      if (!t.tls) return [{ ...base, message: `${who}: the HTTP/2 connection to ${hostPort(c.host, c.port)} failed before a call was answered: ${p.error}; ${cons}`, hint: "point the URI at NativeLink's listener" }];
      const chain = p.stage === "tls-after-handshake" ? `; server chain: ${chainText(p.chain)}` : "";
      if (p.alert === "CertificateRequired" || (p.alert && !t.tls.cert && /Certificate|HandshakeFailure/.test(p.alert))) {
        return [{
          ...base,
          at: c.endpoint.tls?.at ?? c.uri.at,
          message: `${who}: the server requires a client certificate and tls_config names no cert_file/key_file: it ended the handshake with alert ${p.alert} (rustls: "received fatal alert: ${p.alert}"; the server logs "Failed to accept tls stream")${chain}; ${cons}`,
          hint: "add cert_file and key_file: a certificate for this client issued by the CA in the server's client_ca_file",
        }];
      }
      if (p.alert && t.tls.cert) {
        return [{
          ...base,
          at: tlsAt(c, "cert"),
          message: `${who}: the server refused the client certificate in cert_file: it ended the handshake with alert ${p.alert} (rustls: "received fatal alert: ${p.alert}"; the server logs "Failed to accept tls stream")${chain}; ${cons}`,
          hint: "issue the client a certificate from the CA in the server's client_ca_file, valid now, with extendedKeyUsage clientAuth and not revoked",
        }];
      }
      if (!p.alert && p.stage === "tls-after-handshake" && t.tls.cert) {
        return [{
          ...base,
          at: tlsAt(c, "cert"),
          message: `${who}: the server closed the connection right after the TLS handshake, without an alert and before any HTTP/2 frame: it refused the client certificate in cert_file without saying why (a rustls server would send an alert)${chain}; ${cons}`,
          hint: "check that the server's client CA issued the certificate in cert_file, that it is valid now, has extendedKeyUsage clientAuth and is not revoked",
        }];
      }
      if (p.alert === "NoApplicationProtocol") {
        return [{ ...base, message: `${who}: the server refused ALPN h2 (alert NoApplicationProtocol): it does not speak HTTP/2 over TLS${chain}; ${cons}`, hint: "point the URI at NativeLink's listener, or let the TLS proxy in front of it offer h2" }];
      }
      if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|unknown protocol|wrong version/i.test(`${p.code ?? ""} ${p.error}`)) {
        return [{ ...base, message: `${who}: the server on ${hostPort(c.host, c.port)} does not speak TLS (it answered the ClientHello with plaintext): the URI's scheme says TLS; ${cons}`, hint: "use grpc:// for a plaintext listener (and drop tls_config), or enable tls on the listener" }];
      }
      return [{ ...base, message: `${who}: the TLS handshake failed: ${p.alert ? `alert ${p.alert}` : p.error}${chain}; ${cons}`, hint: "check the listener's TLS settings against this tls_config" }];
    }
    case "tls-verify":
      return [{
        ...base,
        at: /UnknownIssuer|BadSignature/.test(p.rustls) ? tlsAt(c, "ca") : c.uri.at,
        message: `${who}: rustls refuses the server's certificate: ${p.rustls}; server chain: ${chainText(p.chain)}; ${cons}`,
        nativelink: p.rustls,
        hint: /not valid for name/.test(p.rustls)
          ? `use a host name the certificate lists in its subjectAltName, or reissue it with ${c.hostIp ? `IP:${c.host}` : `DNS:${c.host}`}`
          : /UnknownIssuer|BadSignature/.test(p.rustls)
            ? "name in ca_file the CA that issued the server's certificate (the root of its chain)"
            : "renew or reissue the server's certificate: valid now, with extendedKeyUsage serverAuth",
      }];
    case "alpn":
      return [{ ...base, message: `${who}: the TLS server did not agree to HTTP/2 (ALPN ${p.alpn ? `"${p.alpn}"` : "none"}), and tonic's TLS connector refuses such a connection ("HTTP/2 was not negotiated."); server chain: ${chainText(p.chain)}; ${cons}`, hint: "point the URI at NativeLink's listener, or let the TLS proxy in front of it offer h2" }];
    case "done":
      return doneReports(c, p, base, who, cons);
  }
}

function doneReports(c: Client, p: Extract<GrpcProbe, { stage: "done" }>, base: Omit<Out & { at: string }, "message">, who: string, cons: string): Out[] {
  const out: Out[] = [];
  const tip = callTip(c);
  for (const r of p.routes) {
    const svc = GRPC_SERVICES[r.service];
    if (r.verdict === "missing") {
      out.push({ ...base, nativelink: tip, message: `${who}: the server on ${hostPort(c.host, c.port)} does not mount the ${r.service} service: a call under /${svc}/ got HTTP 404${r.body ? ` (${JSON.stringify(r.body)})` : ""}; ${cons}`, hint: `point the URI at the listener whose services include ${r.service}` });
    } else if (r.verdict === "other") {
      out.push({ ...base, nativelink: tip, message: `${who}: a call under /${svc}/ got HTTP ${r.httpStatus ?? "?"}${r.grpcStatus !== undefined ? ` with grpc-status ${r.grpcStatus}` : ""}, not the UNIMPLEMENTED a gRPC server answers for an unknown method: it may not be a NativeLink listener`, severity: "warning", hint: "point the URI at NativeLink's listener" });
    }
  }
  for (const k of p.calls) {
    const name = c.store?.instanceName ?? "";
    if (k.id === "get-capabilities") {
      const inst = c.scheduler?.uses.find((u) => u.service === "capabilities")?.entry.instanceName ?? "";
      const fields = k.body ? topLevelFields(k.body) : undefined;
      if (k.grpcStatus === 0 && fields && !fields.has(2)) {
        out.push({ ...base, nativelink: "Unable to get execution properties in GrpcScheduler", message: `${who}: the upstream's GetCapabilities for instance_name "${inst}" has no execution capabilities (it schedules no instance of that name); NativeLink stops at startup: the capabilities service asks for them`, hint: `give the capabilities entry the instance_name the upstream's execution service uses` });
      } else if (k.grpcStatus !== 0) {
        out.push({ ...base, nativelink: "Retrieving upstream GrpcScheduler capabilities", message: `${who}: GetCapabilities for instance_name "${inst}" failed with grpc-status ${k.grpcStatus ?? `none (HTTP ${k.httpStatus})`}${k.grpcMessage ? ` ("${k.grpcMessage}")` : ""}; ${cons}` });
      }
      continue;
    }
    if (k.grpcStatus === 0 || (k.id === "get-action-result" && k.grpcStatus === 5)) continue;
    const what = k.id === "find-missing-blobs" ? "FindMissingBlobs (with no digests)" : "GetActionResult (for the empty blob's digest)";
    const unknown = /instance_name/.test(k.grpcMessage ?? "");
    out.push({
      ...base,
      at: c.store?.instance?.at ?? base.at,
      nativelink: tip,
      message: unknown
        ? `${who}: the upstream does not serve instance_name "${name}": ${what} answered "${k.grpcMessage}"; ${cons}`
        : `${who}: ${what} for instance_name "${name}" failed with grpc-status ${k.grpcStatus ?? `none (HTTP ${k.httpStatus})`}${k.grpcMessage ? ` ("${k.grpcMessage}")` : ""}; ${cons}`,
      hint: unknown ? "use the instance_name the upstream's cas/ac service lists" : undefined,
    });
  }
  if (out.length === 0) out.push({ ...base, nativelink: undefined, severity: "info", message: connectedText(who, p, c.needs.filter((s) => s in GRPC_SERVICES)) });
  return out;
}

function connectedText(who: string, p: Extract<GrpcProbe, { stage: "done" }>, services: string[]): string {
  const tls = p.protocol ? `${p.protocol.replace("TLSv", "TLS ")}, h2` : "plaintext h2c";
  const leaf = p.chain?.[0];
  const cert = leaf ? `, server ${leaf.subject}, expires ${isoDate(leaf.notAfter)}` : "";
  return `connected: ${who}: ${tls}${cert}${services.length ? `; ${services.join(", ")} mounted` : ""}`;
}

export function listenerReports(l: Listener, t: GrpcTarget, p: GrpcProbe, o: Opts): Out[] {
  const name = l.server.name && !l.server.name.unknown && l.server.name.value !== "" ? `server "${l.server.name.value}"` : `servers[${l.server.index}]`;
  const where = hostPort(t.host, t.port);
  const base = { id: "connect-listener" as const, at: l.at };
  const who = `${name} (${l.text}), dialed at ${where} from this host`;
  switch (p.stage) {
    case "dns":
      return [{ ...base, message: `${who}: ${dnsWords(p.code)}` }];
    case "tcp":
      return [{ ...base, message: `${who}: ${attemptsText(p.attempts, t.port)}: is NativeLink running with this config on this host?`, hint: "start NativeLink with this config, or run the check where it runs" }];
    case "timeout":
      return [{ ...base, message: `${who}: no answer within ${o.timeoutMs / 1000} s during ${p.during}` }];
    case "preface":
      return [{ ...base, message: `${who}: the listener is plaintext in the config, but the server there ${p.saw === "tls" ? "speaks TLS" : p.saw === "http1" ? `answers HTTP/1.1 ("${p.first}")` : "does not answer the HTTP/2 preface"}: it is not this config's listener` }];
    case "tls-handshake":
    case "tls-after-handshake":
      if (p.alert === "CertificateRequired" && l.server.tls?.clientCaFile) {
        return [{ ...base, severity: "info", message: `connected: ${who}: TLS; it asks for a client certificate, as client_ca_file says` }];
      }
      if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|wrong version/i.test(`${p.code ?? ""} ${p.error}`)) {
        return [{ ...base, message: `${who}: the config gives the listener tls, but the server there does not speak TLS: it is not this config's listener` }];
      }
      return [{ ...base, message: `${who}: the TLS handshake failed: ${p.alert ? `alert ${p.alert}` : p.error}` }];
    case "tls-verify":
      return [];
    case "alpn":
      return [{ ...base, message: `${who}: the TLS server did not agree to HTTP/2 (ALPN ${p.alpn ? `"${p.alpn}"` : "none"}): it is not a NativeLink listener` }];
    case "done": {
      const missing = p.routes.filter((r) => r.verdict !== "mounted");
      if (missing.length) {
        return [{ ...base, message: `${who}: the config mounts ${missing.map((r) => r.service).join(", ")}, but the server there does not answer them as gRPC (${missing.map((r) => `${r.service}: HTTP ${r.httpStatus ?? "?"}`).join(", ")}): it runs another config` }];
      }
      const leaf = p.chain?.[0];
      return [{ ...base, severity: "info", message: `connected: ${who}: ${p.protocol ? `${p.protocol.replace("TLSv", "TLS ")}, h2` : "plaintext h2c"}${leaf ? `, server ${leaf.subject}, expires ${isoDate(leaf.notAfter)}` : ""}${p.routes.length ? `; ${p.routes.map((r) => r.service).join(", ")} mounted` : ""}` }];
    }
  }
}
