// With --on-host: a port below net.ipv4.ip_unprivileged_port_start needs CAP_NET_BIND_SERVICE.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { formatSocketAddr } from "../src/facts/endpoints.ts";
import { couldNotCheck, startupError, target } from "../src/host/report.ts";

const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const PROC = { "sys/net/ipv4/ip_unprivileged_port_start": "1024\n" };
/** CAP_NET_BIND_SERVICE is capability 10. */
const CAP_NET_BIND_SERVICE = 10n;

export default defineRule(
  {
    id: "host-listen-port-privileged",
    category: "host",
    severity: "warning",
    summary: "with --on-host, a port below ip_unprivileged_port_start needs a user with CAP_NET_BIND_SERVICE",
    why: "Linux lets only a process with CAP_NET_BIND_SERVICE bind a port below net.ipv4.ip_unprivileged_port_start (1024 unless changed). Root has it (unless the container's bounding set drops it); another user has it only through the unit's AmbientCapabilities= or a file capability on the nativelink binary. Without it NativeLink stops at startup with PermissionDenied. A file capability cannot be seen from the config, so this is a warning.",
    fix: "Use a port of 1024 or above (and a proxy or a firewall redirect for 443), or grant the capability: AmbientCapabilities=CAP_NET_BIND_SERVICE in the systemd unit (check it with --systemd-unit), or setcap cap_net_bind_service=+ep on the nativelink binary.",
    nativelink: [{ message: "Permission denied. You may need root privileges to bind to address '{addr}'.", source: "src/bin/nativelink.rs:566-569" }],
    catalog: ["listen-permission-denied"],
    examples: {
      bad: { config: S("0.0.0.0:443"), onHost: true, runAs: "nobody", host: { proc: PROC } },
      good: { config: S("0.0.0.0:50051"), onHost: true, runAs: "nobody", host: { proc: PROC } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    // Looked up once: the unit's list is as long as its lines, and each listener asked it again.
    const ambient = t.unit?.ambientCapabilities.includes("CAP_NET_BIND_SERVICE") === true;
    for (const l of t.plan.listeners) {
      const port = l.addr.port;
      if (port === 0) continue;
      const raw = t.sysctl["net.ipv4.ip_unprivileged_port_start"];
      if (raw === undefined) {
        if (port < 1024) yield couldNotCheck(l.str, `whether ${t.user.name} may bind port ${port}: net.ipv4.ip_unprivileged_port_start is not readable`);
        continue;
      }
      const start = Number(raw);
      if (!(port < start)) continue;
      if (t.user.uid === 0) {
        if (t.capBnd === undefined || (t.capBnd >> CAP_NET_BIND_SERVICE) & 1n) continue;
      } else if (ambient) {
        continue;
      }
      const who = t.user.uid === 0 ? `root without CAP_NET_BIND_SERVICE in this host's capability bounding set` : `${t.user.name}, which has no CAP_NET_BIND_SERVICE${t.unit ? ` (${t.unit.path} grants no AmbientCapabilities=CAP_NET_BIND_SERVICE)` : ""}`;
      yield {
        node: l.str.node,
        message: `socket_address ${JSON.stringify(l.str.value)}: port ${port} is below net.ipv4.ip_unprivileged_port_start (${start}) and NativeLink runs as ${who}: unless the nativelink binary carries that file capability, NativeLink stops at startup`,
        nativelink: startupError("PermissionDenied", [`Permission denied. You may need root privileges to bind to address '${formatSocketAddr(l.addr)}'.`]),
        hint: `use a port of ${start} or above, or grant CAP_NET_BIND_SERVICE (AmbientCapabilities= in the unit, or setcap cap_net_bind_service=+ep on the binary)`,
      };
    }
  },
);
