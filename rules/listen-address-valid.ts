// A server's socket_address must be an IP:port that Rust's SocketAddr parser accepts.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { SOCKET_ADDR_ERROR, parseSocketAddr, parseU16 } from "../src/facts/endpoints.ts";

const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

/** A best guess at what was meant, for the hint. */
function suggestion(text: string): string | undefined {
  const t = text.trim();
  if (t !== text && parseSocketAddr(t)) return t;
  let m = /^:(\d+)$/.exec(t);
  if (m) return `0.0.0.0:${m[1]}`;
  m = /^localhost:(\d+)$/i.exec(t);
  if (m) return `127.0.0.1:${m[1]}`;
  m = /^\[?::\]?:(\d+)$/.exec(t);
  if (m && !t.startsWith("[")) return `[::]:${m[1]}`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) return `${t}:50051`;
  const v6 = /^([0-9A-Fa-f:.]+):(\d+)$/.exec(t);
  const [, host = "", port = ""] = v6 ?? [];
  if (host.includes(":") && parseSocketAddr(`[${host}]:${port}`)) return `[${host}]:${port}`;
  return undefined;
}

function problem(text: string): string {
  const t = text.trim();
  if (text === "") return "is empty";
  if (t !== text) return "has leading or trailing whitespace";
  if (/^:\d*$/.test(t)) return "has no IP address (NativeLink does not read `:port` as all interfaces)";
  const m = /^(.*):([^:\]]*)$/.exec(t);
  if (!m) return "has no port";
  const [, host = "", port = ""] = m;
  if (port === "") return "has an empty port";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t) || /^\[.*\]$/.test(t)) return "has no port";
  if (port !== "" && parseU16(port) === undefined && /^\+?\d+$/.test(port)) return `has port ${port}, above 65535`;
  if (/[A-Za-z]/.test(host) && !host.startsWith("[") && !/^[0-9A-Fa-f:.]+$/.test(host)) return "uses a host name; only an IP address is accepted";
  if (host.includes(":") && !host.startsWith("[")) return "has an IPv6 address without brackets";
  return "is not an IP:port or [IPv6]:port address";
}

export default defineRule(
  {
    id: "listen-address-valid",
    category: "network",
    severity: "error",
    summary: "a server's socket_address must be IPv4:port or [IPv6]:port",
    why: "NativeLink parses socket_address (after ${VAR} expansion) with Rust's SocketAddr parser, which takes only a literal IP address and a port from 0 to 65535: `0.0.0.0:50051`, `127.0.0.1:8080`, `[::]:50051`. Host names (`localhost:50051`), a bare `:50051` (which the config's own doc comment suggests), a missing port and surrounding spaces are rejected and startup stops.",
    fix: "Use 0.0.0.0:PORT (or [::]:PORT) to listen on every interface, 127.0.0.1:PORT for local only, or the IP of one interface.",
    nativelink: [{ message: `${SOCKET_ADDR_ERROR} + Invalid address '{socket_address}'`, source: "src/bin/nativelink.rs:549-555" }],
    catalog: ["listen-address-unparsable"],
    examples: {
      bad: { config: S(":50051") },
      good: { config: S("0.0.0.0:50051") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const a = s.socketAddress;
      if (!a || a.unknown || parseSocketAddr(a.value)) continue;
      const fix = suggestion(a.value);
      const expanded = a.vars.length ? ` (from ${a.vars.map((v) => "${" + v + "}").join(", ")})` : "";
      yield {
        node: a.node,
        message: `socket_address ${JSON.stringify(a.value)}${expanded} ${problem(a.value)}; NativeLink cannot parse it as a socket address and stops`,
        nativelink: SOCKET_ADDR_ERROR,
        hint: fix ? `write "${fix}"` : "write IPv4:port (e.g. 0.0.0.0:50051) or [IPv6]:port (e.g. [::]:50051)",
      };
    }
  },
);
