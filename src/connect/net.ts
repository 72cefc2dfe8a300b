// Name resolution and TCP connects for --connect: which addresses a host resolves to, and what each
// TCP attempt met (refused, timeout, unreachable), as hyper-util tries them in resolver order.
import { lookup } from "node:dns/promises";
import { isIP, Socket } from "node:net";

export interface Deadline {
  /** Epoch milliseconds after which the probe gives up. */
  at: number;
  /** --connect-resolve: host names (lower-case) dialed at another address, and port, than DNS would give. */
  resolve?: Map<string, { address: string; port?: number }>;
}

export const remaining = (d: Deadline) => Math.max(0, d.at - Date.now());

export interface Attempt {
  address: string;
  /** Errno code (ECONNREFUSED, EHOSTUNREACH...) or "timeout"; absent for the one that connected. */
  error?: string;
}

export type Resolved = { ok: true; addresses: string[] } | { ok: false; code: string };

/** `getaddrinfo` through node:dns lookup, every address in the resolver's order. */
export async function resolveHost(host: string, d: Deadline): Promise<Resolved> {
  const bare = host.replace(/^\[|\]$/g, "");
  const forced = d.resolve?.get(bare.toLowerCase());
  if (forced) return { ok: true, addresses: [forced.address] };
  if (isIP(bare)) return { ok: true, addresses: [bare] };
  try {
    const all = await withDeadline(lookup(bare, { all: true, verbatim: true }), d);
    if (all === undefined) return { ok: false, code: "timeout" };
    return { ok: true, addresses: all.map((a) => a.address) };
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code ?? "EAI_FAIL" };
  }
}

export type Connected = { ok: true; socket: Socket; address: string; attempts: Attempt[] } | { ok: false; attempts: Attempt[] };

/** The port to dial for a host: the URI's, unless --connect-resolve gives another. */
export function dialPort(host: string, port: number, d: Deadline): number {
  return d.resolve?.get(host.replace(/^\[|\]$/g, "").toLowerCase())?.port ?? port;
}

/** Connects to each address in turn until one accepts; each attempt is bounded by the deadline. */
export async function connectTcp(addresses: string[], port: number, d: Deadline): Promise<Connected> {
  const attempts: Attempt[] = [];
  for (const address of addresses) {
    if (remaining(d) === 0) {
      attempts.push({ address, error: "timeout" });
      break;
    }
    const r = await connectOne(address, port, d);
    if (r.socket) {
      attempts.push({ address });
      return { ok: true, socket: r.socket, address, attempts };
    }
    attempts.push({ address, error: r.error });
  }
  return { ok: false, attempts };
}

function connectOne(address: string, port: number, d: Deadline): Promise<{ socket?: Socket; error?: string }> {
  return new Promise((resolveP) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      resolveP({ error: "timeout" });
    }, remaining(d));
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolveP({ error: e.code ?? e.message });
    });
    socket.connect({ host: address, port }, () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolveP({ socket });
    });
  });
}

/** Resolves with the promise's value, or undefined when the deadline passes first. */
export function withDeadline<T>(p: Promise<T>, d: Deadline): Promise<T | undefined> {
  return new Promise((resolveP, reject) => {
    const timer = setTimeout(() => resolveP(undefined), remaining(d));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolveP(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** What an errno means, in words. */
export function tcpWords(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (nothing listens on that port)";
    case "timeout":
      return "no answer before the timeout";
    case "EHOSTUNREACH":
      return "host unreachable";
    case "ENETUNREACH":
      return "network unreachable";
    case "ECONNRESET":
      return "connection reset";
    case "EADDRNOTAVAIL":
      return "address not available";
    default:
      return code;
  }
}

/** The io::Error text Rust prints for the errno tonic meets (what the worker's error chain ends in). */
export function rustIoText(code: string): string | undefined {
  switch (code) {
    case "ECONNREFUSED":
      return "Connection refused (os error 111)";
    case "EHOSTUNREACH":
      return "No route to host (os error 113)";
    case "ENETUNREACH":
      return "Network is unreachable (os error 101)";
    case "ECONNRESET":
      return "Connection reset by peer (os error 104)";
    default:
      return undefined;
  }
}
