import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "listen-address-unique";
const srv = (addr: string) => `{ listener: { http: { socket_address: "${addr}" } }, services: {} }`;
const cfg = (...addrs: string[]) => `{ stores: [], servers: [${addrs.map(srv).join(", ")}] }`;
const TAIL = "the bind fails and NativeLink stops";

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
});
