// What each probe dials, taken from the deployment facts: the URI's host and port, and exactly the
// TLS material the endpoint's tls_config names, as the engine already read it.
import { rootCertificates } from "node:tls";
import type { DeployedConfig } from "../context.ts";
import type { Client, Listener } from "../facts/deployment.ts";
import { peerFile } from "../facts/deployment.ts";
import { usesNativeRoots } from "../facts/tls-client.ts";
import type { Str } from "../model.ts";
import type { CertFacts } from "../tls/index.ts";
import { certFactsFromDer } from "../tls/facts.ts";
import { GRPC_SERVICES, type GrpcTarget, type UnaryCall } from "./grpc.ts";
import { findMissingBlobsRequest, getActionResultRequest, getCapabilitiesRequest } from "./proto.ts";

export interface RunFacts {
  now: Date;
  /** The system roots, parsed once per run when an endpoint uses them. */
  roots: () => CertFacts[];
  rootsMemo?: CertFacts[];
}

/** rustls-native-certs reads the OS store; node's bundled Mozilla roots are the nearest node offers. */
export function nativeRootFacts(): CertFacts[] {
  return rootCertificates.map((pem, i) => certFactsFromDer(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"), i, 0));
}

function fileBytes(config: DeployedConfig, s: Str | undefined): Uint8Array | undefined | "unreadable" {
  if (!s) return undefined;
  if (s.unknown || s.value === "") return "unreadable";
  const view = config.files.get(config.model.resolvePath(s.value));
  return view?.read.ok && view.read.bytes ? view.read.bytes : "unreadable";
}

const PREFIX = "/build.bazel.remote.execution.v2";

/**
 * The probe of a client endpoint, or undefined when NativeLink would not get as far as dialing it
 * (a TLS file it cannot read, a tls_config without trust: the static rules report those).
 */
export function grpcTargetOf(c: Client, facts: RunFacts): GrpcTarget | undefined {
  const calls: UnaryCall[] = [];
  if (c.store?.type === "cas") calls.push({ id: "find-missing-blobs", path: `${PREFIX}.ContentAddressableStorage/FindMissingBlobs`, message: findMissingBlobsRequest(c.store.instanceName) });
  if (c.store?.type === "ac") calls.push({ id: "get-action-result", path: `${PREFIX}.ActionCache/GetActionResult`, message: getActionResultRequest(c.store.instanceName) });
  for (const u of c.scheduler?.uses ?? []) {
    if (u.service === "capabilities") calls.push({ id: "get-capabilities", path: `${PREFIX}.Capabilities/GetCapabilities`, message: getCapabilitiesRequest(u.entry.instanceName) });
  }
  const t: GrpcTarget = { host: c.host, port: c.port, services: c.needs.filter((s) => s in GRPC_SERVICES), calls, now: facts.now, verify: true };
  if (!c.tls) return t;
  const tls = c.endpoint.tls;
  if (!tls) return undefined;
  let ca: { pem?: string; certs: CertFacts[] };
  if (usesNativeRoots(c.endpoint)) ca = { certs: facts.roots() };
  else {
    const file = peerFile(c.config, tls.caFile);
    const bytes = fileBytes(c.config, tls.caFile);
    if (!file || typeof bytes !== "object" || file.certs.length === 0) return undefined;
    ca = { pem: Buffer.from(bytes).toString("utf8"), certs: file.certs };
  }
  const cert = fileBytes(c.config, tls.certFile);
  const key = fileBytes(c.config, tls.keyFile);
  if (cert === "unreadable" || key === "unreadable" || (cert === undefined) !== (key === undefined)) return undefined;
  return { ...t, tls: { ca, cert, key } };
}

/** A listener reached from this host: the wildcard address as loopback, TLS without judging trust. */
export function listenerTargetOf(l: Listener, facts: RunFacts): GrpcTarget {
  const ip = "v4" in l.addr.ip ? (l.addr.ip.v4.every((x) => x === 0) ? "127.0.0.1" : l.addr.ip.v4.join(".")) : l.addr.ip.v6.every((x) => x === 0) ? "::1" : l.text.slice(1, l.text.lastIndexOf("]"));
  const services = [...l.mounted].filter((s) => s in GRPC_SERVICES);
  return { host: ip, port: l.addr.port, services, calls: [], now: facts.now, verify: false, ...(l.tls ? { tls: { ca: { certs: [] } } } : {}) };
}
