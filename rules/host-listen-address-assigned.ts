// With --on-host: a server's socket_address must be an address this host has (or freebind: true).
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { formatSocketAddr, isLoopback, isUnspecified, type IpAddr } from "../src/facts/endpoints.ts";
import { couldNotCheck, startupError, target } from "../src/host/report.ts";
import { IO } from "../src/host/judge.ts";

const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

/** The address as Node's os.networkInterfaces() writes it. */
function ipText(ip: IpAddr): { family: 4 | 6; text: string } {
  if ("v4" in ip) return { family: 4, text: ip.v4.join(".") };
  const g = ip.v6;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return { family: 4, text: `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}` };
  return { family: 6, text: formatSocketAddr({ ip: { v6: g, scope: 0 }, port: 0 }).slice(1, -3) };
}

function normV6(a: string): string {
  const [head, tail] = a.includes("::") ? a.split("::") : [a, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((x) => parseInt(x || "0", 16).toString(16)).join(":");
}

export default defineRule(
  {
    id: "host-listen-address-assigned",
    category: "host",
    severity: "error",
    summary: "with --on-host, a server's socket_address must be an address of this host",
    why: "Binding to an IP address no interface of the host has fails with EADDRNOTAVAIL unless the listener sets freebind: true (or net.ipv4.ip_nonlocal_bind is on); an IPv6 address on a host without IPv6 fails with EAFNOSUPPORT; an IPv6 link-local address without its %scope fails with EINVAL. Each stops NativeLink at startup. The wildcards 0.0.0.0 and [::] and all of 127.0.0.0/8 are always bindable.",
    fix: "Use an address of this host (ip -brief address), 0.0.0.0 or [::] to listen on all of them, or set freebind: true on the listener when the address is added later (a floating IP).",
    nativelink: [
      { message: "Cannot assign requested address (os error 99) + Failed to bind to socket address '{addr}'", source: "src/bin/nativelink.rs:573-575" },
      { message: "The provided address '{addr}' is invalid.", source: "src/bin/nativelink.rs:570-572" },
    ],
    catalog: ["listen-bind-other", "listen-invalid-input"],
    examples: {
      bad: { config: S("192.0.2.1:50051"), onHost: true },
      good: { config: S("127.0.0.1:50051"), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const l of t.plan.listeners) {
      if (l.freebind || isUnspecified(l.addr.ip) || isLoopback(l.addr.ip)) continue;
      const shown = formatSocketAddr(l.addr);
      const ip = ipText(l.addr.ip);
      const fail = (io: string, code: string, why: string, hint: string): Report => ({
        node: l.str.node,
        message: `socket_address ${JSON.stringify(l.str.value)}: ${why}: NativeLink stops at startup`,
        nativelink: code === "InvalidArgument" ? startupError(code, [`The provided address '${shown}' is invalid.`]) : startupError(code, [io, `Failed to bind to socket address '${shown}'`]),
        hint,
      });
      if (ip.family === 6 && "v6" in l.addr.ip) {
        if ((l.addr.ip.v6[0] & 0xffc0) === 0xfe80 && !l.addr.ip.scope) {
          yield fail(IO.EINVAL, "InvalidArgument", `${ip.text} is an IPv6 link-local address without a %scope, which Linux refuses to bind`, "add the interface index ([fe80::1%2]:50051), or use another address");
          continue;
        }
        if (t.procAvailable && t.sysctl["net.ipv6.conf.all.disable_ipv6"] === undefined) {
          yield fail(IO.EAFNOSUPPORT, "Unknown", "this host has no IPv6 (the kernel has it turned off)", "listen on an IPv4 address");
          continue;
        }
      }
      if (t.sysctl[ip.family === 4 ? "net.ipv4.ip_nonlocal_bind" : "net.ipv6.ip_nonlocal_bind"] === "1") continue;
      if (t.interfaceAddresses.length === 0) {
        yield couldNotCheck(l.str, `whether ${ip.text} is an address of this host: no network interface is visible`);
        continue;
      }
      const mine = t.interfaceAddresses.filter((a) => a.family === ip.family).map((a) => (a.family === 6 ? normV6(a.address) : a.address));
      if (mine.includes(ip.family === 6 ? normV6(ip.text) : ip.text)) continue;
      yield fail(IO.EADDRNOTAVAIL, "Internal", `${ip.text} is not an address of any interface of this host`, `use one of this host's addresses (${mine.join(", ") || `it has no IPv${ip.family} address`}), 0.0.0.0 (or [::]) for all of them, or freebind: true for an address added later`);
    }
  },
);
