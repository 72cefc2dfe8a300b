import { describe, expect, it } from "vitest";
import { BindIndex, bindConflict, parseSocketAddr, type IpAddr, type SocketAddr } from "../../src/facts/endpoints.ts";
import { lint, lines } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";

const RULE = "listen-address-unique";
const srv = (addr: string) => `{ listener: { http: { socket_address: "${addr}" } }, services: {} }`;
const cfg = (...addrs: string[]) => `{ stores: [], servers: [${addrs.map(srv).join(", ")}] }`;
const TAIL = "the bind fails and NativeLink stops";

// bindConflict as it was when each server was compared with every earlier one of its port (the
// reference BindIndex is held to).
function oldEffectiveIp(ip: IpAddr): IpAddr {
  if ("v6" in ip && ip.v6.slice(0, 5).every((x) => x === 0) && ip.v6[5] === 0xffff) {
    return { v4: [ip.v6[6] >> 8, ip.v6[6] & 255, ip.v6[7] >> 8, ip.v6[7] & 255] };
  }
  return ip;
}
const oldUnspecified = (ip: IpAddr) => ("v4" in ip ? ip.v4.every((x) => x === 0) : ip.v6.every((x) => x === 0));
function oldBindConflict(a: SocketAddr, b: SocketAddr): boolean {
  if (a.port !== b.port || a.port === 0) return false;
  const x = oldEffectiveIp(a.ip);
  const y = oldEffectiveIp(b.ip);
  if ("v4" in x && "v4" in y) return oldUnspecified(x) || oldUnspecified(y) || x.v4.join(".") === y.v4.join(".");
  if ("v6" in x && "v6" in y) {
    if (oldUnspecified(x) || oldUnspecified(y)) return true;
    if (x.scope && y.scope && x.scope !== y.scope) return false;
    return x.v6.join(":") === y.v6.join(":");
  }
  const v6 = "v6" in x ? x : y;
  return oldUnspecified(v6);
}

/** Addresses that overlap in every way bindConflict knows: wildcards, IPv4-mapped, scopes, spellings. */
const IPS = [
  "0.0.0.0",
  "10.0.0.1",
  "10.0.0.2",
  "127.0.0.1",
  "[::]",
  "[::%2]",
  "[0:0:0:0:0:0:0:0]",
  "[::1]",
  "[::1%2]",
  "[0:0:0:0:0:0:0:1]",
  "[fe80::1]",
  "[fe80::1%2]",
  "[fe80::1%3]",
  "[fe80::2%2]",
  "[::ffff:10.0.0.1]",
  "[::ffff:0.0.0.0]",
  "[::ffff:127.0.0.1%3]",
];

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["the same address twice", cfg("0.0.0.0:50051", "0.0.0.0:50051"), [`1:138 socket_address "0.0.0.0:50051" of servers[1] asks for the same address as servers[0]; ${TAIL}`]],
    [
      "IPv4 wildcard, then loopback",
      cfg("0.0.0.0:50051", "127.0.0.1:50051"),
      [`1:138 socket_address "127.0.0.1:50051" of servers[1] asks for port 50051, which servers[0] already holds on 0.0.0.0:50051 (a wildcard address overlaps every address of the port); ${TAIL}`],
    ],
    [
      "loopback, then IPv4 wildcard",
      cfg("127.0.0.1:50051", "0.0.0.0:50051"),
      [`1:140 socket_address "0.0.0.0:50051" of servers[1] asks for port 50051, which servers[0] already holds on 127.0.0.1:50051 (a wildcard address overlaps every address of the port); ${TAIL}`],
    ],
    [
      "IPv6 wildcard covers IPv4",
      cfg("[::]:50051", "10.0.0.5:50051"),
      [`1:135 socket_address "10.0.0.5:50051" of servers[1] asks for port 50051, which servers[0] already holds on [::]:50051 (a wildcard address overlaps every address of the port); ${TAIL}`],
    ],
    ["an IPv4-mapped address is the IPv4 address", cfg("127.0.0.1:1", "[::ffff:127.0.0.1]:1"), [`1:136 socket_address "[::ffff:127.0.0.1]:1" of servers[1] asks for port 1, which servers[0] already holds on 127.0.0.1:1; ${TAIL}`]],
    ["the same IPv6 written two ways", cfg("[::1]:7", "[0:0:0:0:0:0:0:1]:7"), [`1:132 socket_address "[0:0:0:0:0:0:0:1]:7" of servers[1] asks for the same address as servers[0]; ${TAIL}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["different ports", cfg("0.0.0.0:50051", "0.0.0.0:50052")],
    ["two loopback addresses", cfg("127.0.0.1:50051", "127.0.0.2:50051")],
    ["IPv4 wildcard and an IPv6 address", cfg("0.0.0.0:50051", "[::1]:50051")],
    ["IPv4 loopback and IPv6 loopback", cfg("127.0.0.1:50051", "[::1]:50051")],
    ["port 0 twice (ephemeral ports)", cfg("0.0.0.0:0", "0.0.0.0:0")],
    ["link-local on two interfaces", cfg("[fe80::1%2]:80", "[fe80::1%3]:80")],
    ["an unparsable address (listen-address-valid reports it)", cfg("0.0.0.0:1", ":1")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message and the first server as related", async () => {
    const f = (await lint(cfg("[::]:9", "0.0.0.0:9"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Address '0.0.0.0:9' is already in use by another process.");
    expect(f?.pointer).toBe("/servers/1/listener/http/socket_address");
    expect(f?.related?.[0]?.pointer).toBe("/servers/0/listener/http/socket_address");
  });

  it("reports every later clash against the first holder", async () => {
    expect(lines(await lint(cfg("0.0.0.0:1", "0.0.0.0:1", "127.0.0.1:1")), RULE)).toHaveLength(2);
  });

  it("finds the first earlier bind that bindConflict clashes with, as a scan of them did, over 600 generated server lists", () => {
    const rand = seeded(16);
    for (let c = 0; c < 600; c++) {
      // Half the lists record every bind; the other half, as the rule does, only those without a clash.
      const addAll = c % 2 === 0;
      const addrs = Array.from({ length: 1 + rand(14) }, () => `${IPS[rand(IPS.length)]}:${[0, 1, 2][rand(3)]}`);
      const index = new BindIndex<number>();
      const scanned: { addr: SocketAddr; i: number }[] = [];
      addrs.forEach((text, i) => {
        const addr = parseSocketAddr(text)!;
        expect(addr, text).toBeDefined();
        const want = scanned.find((b) => oldBindConflict(b.addr, addr))?.i;
        expect(index.firstConflict(addr), `${addrs.slice(0, i + 1).join(" ")} (${addAll ? "all" : "unclashed"})`).toBe(want);
        expect(scanned.find((b) => bindConflict(b.addr, addr))?.i).toBe(want);
        if (addr.port === 0 || (!addAll && want !== undefined)) return;
        scanned.push({ addr, i });
        index.add(addr, i);
      });
    }
  });

  it("looks each server up once: 3,000 servers on one port, each on its own IPv4 address, then on the wildcards", async () => {
    const n = 3000;
    const addrs = Array.from({ length: n }, (_, i) => `10.0.${i >> 8}.${i & 255}:50051`);
    const { result, work } = await measureWork(() => lint(cfg(...addrs, "[::1]:50051", "10.0.11.183:50051", "0.0.0.0:50051", "[::]:50051"), { only: RULE }));
    expect(lines(result, RULE).map((l) => l.replace(/^\S+ /, "").split(";")[0])).toEqual([
      `socket_address "10.0.11.183:50051" of servers[3001] asks for the same address as servers[2999]`,
      `socket_address "0.0.0.0:50051" of servers[3002] asks for port 50051, which servers[0] already holds on 10.0.0.0:50051 (a wildcard address overlaps every address of the port)`,
      `socket_address "[::]:50051" of servers[3003] asks for port 50051, which servers[0] already holds on 10.0.0.0:50051 (a wildcard address overlaps every address of the port)`,
    ]);
    // Before: each server was compared with every earlier one (1.4e7 elements examined; 2.7e4 now).
    expect(work.elements).toBeLessThan(100 * n);
  });
});
