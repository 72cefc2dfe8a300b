// Two servers in one config cannot listen on overlapping addresses: the later bind fails.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ServerModel, Str } from "../src/model.ts";
import { BindIndex, formatSocketAddr, isUnspecified, parseSocketAddr } from "../src/facts/endpoints.ts";
import type { SocketAddr } from "../src/facts/endpoints.ts";

const srv = (addr: string, services: string) => `{ listener: { http: { socket_address: "${addr}" } }, services: ${services} }`;
const STORES = '[{ name: "CAS", memory: {} }, { name: "AC", memory: {} }]';

export default defineRule(
  {
    id: "listen-address-unique",
    category: "network",
    severity: "error",
    summary: "two servers must not listen on the same port of overlapping addresses",
    why: "NativeLink binds the servers one after another and keeps each listening. Linux refuses a second listening socket on a port when the addresses overlap: the same IP, or either one the wildcard 0.0.0.0, or [::], which on a default host (net.ipv6.bindv6only=0) also takes every IPv4 address. SO_REUSEADDR, which tokio sets, only helps against old TIME_WAIT connections, not a listening socket. The later server then stops startup with `already in use by another process`, although the other process is NativeLink itself.",
    fix: "Give each server its own port, or merge the services into one server entry.",
    nativelink: [{ message: "Address '{addr}' is already in use by another process.", source: "src/bin/nativelink.rs:557-565" }],
    catalog: ["listen-address-in-use"],
    examples: {
      bad: { config: `{ stores: ${STORES}, servers: [${srv("0.0.0.0:50051", '{ cas: [{ cas_store: "CAS" }] }')}, ${srv("127.0.0.1:50051", '{ ac: [{ ac_store: "AC" }] }')}] }` },
      good: { config: `{ stores: ${STORES}, servers: [${srv("0.0.0.0:50051", '{ cas: [{ cas_store: "CAS" }] }')}, ${srv("127.0.0.1:50052", '{ ac: [{ ac_store: "AC" }] }')}] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    // The first earlier server whose bind overlaps, found by port and address (see BindIndex).
    const bound = new BindIndex<{ server: ServerModel; str: Str; addr: SocketAddr }>();
    for (const s of model.servers) {
      const a = s.socketAddress;
      if (!a || a.unknown) continue;
      const addr = parseSocketAddr(a.value);
      if (!addr) continue;
      const earlier = bound.firstConflict(addr);
      if (earlier) {
        const mine = formatSocketAddr(addr);
        const theirs = formatSocketAddr(earlier.addr);
        const how =
          mine === theirs
            ? `the same address as servers[${earlier.server.index}]`
            : isUnspecified(earlier.addr.ip) || isUnspecified(addr.ip)
              ? `port ${addr.port}, which servers[${earlier.server.index}] already holds on ${theirs} (a wildcard address overlaps every address of the port)`
              : `port ${addr.port}, which servers[${earlier.server.index}] already holds on ${theirs}`;
        yield {
          node: a.node,
          message: `socket_address ${JSON.stringify(a.value)} of servers[${s.index}] asks for ${how}; the bind fails and NativeLink stops`,
          nativelink: `Address '${mine}' is already in use by another process.`,
          hint: "use another port for this server, or move its services into the other server",
          related: [{ node: earlier.str.node, message: `servers[${earlier.server.index}] listens on ${theirs} first` }],
        };
        continue;
      }
      // (Port 0 picks a free port: it never conflicts.)
      if (addr.port === 0) continue;
      bound.add(addr, { server: s, str: a, addr });
    }
  },
);
