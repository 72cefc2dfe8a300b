// With --on-host: no other process may already listen on a server's socket_address.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { bindConflict, formatSocketAddr, parseSocketAddr } from "../src/facts/endpoints.ts";
import { couldNotCheck, startupError, target } from "../src/host/report.ts";

const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
/** /proc/net/tcp with one socket listening on 127.0.0.1:50051 (inode 4242). */
const TCP = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:C383 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 4242 1 0000000000000000 100 0 0 10 0\n";

export default defineRule(
  {
    id: "host-listen-address-in-use",
    category: "host",
    severity: "error",
    summary: "with --on-host, no other process may already listen on a server's socket_address",
    why: "NativeLink binds every listener at startup (tokio sets SO_REUSEADDR, which does not help against a socket that is listening). A port some other process already listens on, on the same address or a wildcard covering it, stops NativeLink with AddrInUse. The check reads the listening sockets from /proc/net/tcp and /proc/net/tcp6 and names the process holding the port when /proc/<pid>/fd shows it; a port held by a running nativelink is only noted, since a restart stops that process first.",
    fix: "Stop the process holding the port, or give the server another socket_address.",
    nativelink: [{ message: "Address '{addr}' is already in use by another process.", source: "src/bin/nativelink.rs:561-565" }],
    catalog: ["listen-address-in-use"],
    examples: {
      bad: { config: S("127.0.0.1:50051"), onHost: true, host: { proc: { "net/tcp": TCP, "net/tcp6": "" } } },
      good: { config: S("127.0.0.1:50052"), onHost: true, host: { proc: { "net/tcp": TCP, "net/tcp6": "" } } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const l of t.plan.listeners) {
      if (l.addr.port === 0) continue;
      if (!t.listeners) {
        yield couldNotCheck(l.str, `whether port ${l.addr.port} is free: /proc/net/tcp and /proc/net/tcp6 are not readable`);
        continue;
      }
      const shown = formatSocketAddr(l.addr);
      for (const s of t.listeners) {
        const held = parseSocketAddr(s.family === 4 ? `${s.ip}:${s.port}` : `[${s.ip}]:${s.port}`);
        if (!held || !bindConflict(held, l.addr)) continue;
        // An IPv6 wildcard may be IPV6_V6ONLY (nginx's default), which /proc does not show: not judged.
        if ("v6" in held.ip && !("v6" in l.addr.ip)) continue;
        // NativeLink's own [::] covers IPv4 only where IPv6 sockets are dual-stack by default.
        if ("v4" in held.ip && "v6" in l.addr.ip && t.sysctl["net.ipv6.bindv6only"] === "1") continue;
        const by = s.owner ? `${s.owner.comm || "a process"} (pid ${s.owner.pid})` : "a process this user cannot see (run as root to name it)";
        if (s.owner?.comm === "nativelink") {
          yield { node: l.str.node, severity: "info", message: `port ${l.addr.port} is held by the running nativelink (pid ${s.owner.pid}) on ${formatSocketAddr(held)}; a restart frees it once that process has stopped`, hint: "stop the old NativeLink before starting the new one (systemctl restart does)" };
          break;
        }
        yield {
          node: l.str.node,
          message: `socket_address ${JSON.stringify(l.str.value)}: port ${l.addr.port} is already listened on at ${formatSocketAddr(held)} by ${by}: NativeLink stops at startup`,
          nativelink: startupError("AlreadyExists", [`Address '${shown}' is already in use by another process.`]),
          hint: `free the port (ss -ltnp 'sport = :${l.addr.port}' shows the holder), or choose another port`,
          reproduce: `ss -ltnp 'sport = :${l.addr.port}'`,
        };
        break;
      }
    }
  },
);
