// src/ip-literal.ts stands in for node:net's isIP, isIPv4 and isIPv6 (so that a check need not load
// node:net): every answer must be node:net's, on this Node.
import { describe, expect, it } from "vitest";
import * as net from "node:net";
import { isIP, isIPv4, isIPv6 } from "../src/ip-literal.ts";

/** Each case with the answer node:net's isIP gives (0, 4 or 6). */
const CASES: [string, 0 | 4 | 6][] = [
  // IPv4
  ["0.0.0.0", 4],
  ["127.0.0.1", 4],
  ["255.255.255.255", 4],
  ["192.168.1.10", 4],
  ["1.2.3.4", 4],
  ["256.1.1.1", 0],
  ["1.2.3.256", 0],
  ["1.2.3.999", 0],
  ["01.2.3.4", 0],
  ["1.02.3.4", 0],
  ["1.2.3.00", 0],
  ["1.2.3.0", 4],
  ["1.2.3", 0],
  ["1.2.3.4.5", 0],
  ["1.2.3.", 0],
  [".1.2.3", 0],
  ["1..2.3", 0],
  ["1.2.3.4 ", 0],
  [" 1.2.3.4", 0],
  ["1.2.3.-4", 0],
  ["1.2.3.+4", 0],
  ["0x7f.0.0.1", 0],
  ["127.1", 0],
  ["2130706433", 0],
  ["１.2.3.4", 0],
  ["1.2.3.4/24", 0],
  ["1.2.3.4:80", 0],
  ["", 0],
  [".", 0],
  ["...", 0],
  // IPv6
  ["::", 6],
  ["::1", 6],
  ["1::", 6],
  ["::0", 6],
  ["0:0:0:0:0:0:0:0", 6],
  ["0:0:0:0:0:0:0:1", 6],
  ["2001:db8::1", 6],
  ["2001:DB8::ABCD", 6],
  ["2001:0db8:0000:0000:0000:ff00:0042:8329", 6],
  ["2001:db8:0:0:0:ff00:42:8329", 6],
  ["fe80::1", 6],
  ["1:2:3:4:5:6:7:8", 6],
  ["1:2:3:4:5:6:7::", 6],
  ["::2:3:4:5:6:7:8", 6],
  ["1::3:4:5:6:7:8", 6],
  ["1:2:3:4:5:6::8", 6],
  ["1:2:3:4:5:6:7:8:9", 0],
  ["1:2:3:4:5:6:7", 0],
  ["1::2:3:4:5:6:7:8", 0],
  ["1:2:3:4:5:6:7:8::", 0],
  ["::1:2:3:4:5:6:7:8", 0],
  ["1:::2", 0],
  [":::", 0],
  ["1::2::3", 0],
  [":1::2", 0],
  ["1::2:", 0],
  [":", 0],
  ["1:", 0],
  [":1", 0],
  ["12345::", 0],
  ["1:2:3:4:5:6:7:12345", 0],
  ["00000::1", 0],
  ["0000::1", 6],
  ["g::1", 0],
  ["::1 ", 0],
  ["[::1]", 0],
  ["::1/128", 0],
  // embedded IPv4 (IPv4-mapped, -compatible, NAT64)
  ["::ffff:1.2.3.4", 6],
  ["::FFFF:192.168.0.1", 6],
  ["::1.2.3.4", 6],
  ["64:ff9b::192.0.2.33", 6],
  ["1:2:3:4:5:6:1.2.3.4", 6],
  ["1:2:3:4:5::1.2.3.4", 6],
  ["1:2:3:4::5:1.2.3.4", 6],
  ["1::2:3:4:5:1.2.3.4", 6],
  ["1:2:3:4:5:6:7:1.2.3.4", 0],
  ["1:2:3:4:5:6::1.2.3.4", 0],
  ["1::2:3:4:5:6:1.2.3.4", 0],
  ["::ffff:1.2.3", 0],
  ["::ffff:01.2.3.4", 0],
  ["::ffff:1.2.3.256", 0],
  ["::1.2.3.4:5", 0],
  ["1.2.3.4::", 0],
  ["::1.2.3.4.5", 0],
  ["::ffff:1.2.3.4%eth0", 6],
  // zones
  ["fe80::1%eth0", 6],
  ["fe80::1%1", 6],
  ["fe80::1%en0.100", 6],
  ["fe80::1%a-b:c.d", 6],
  ["fe80::1%", 0],
  ["fe80::1%eth_0", 0],
  ["fe80::1%eth 0", 0],
  ["fe80::1%eth0%1", 0],
  ["fe80::1%%", 0],
  ["%eth0", 0],
  ["::%1", 6],
  ["1.2.3.4%eth0", 0],
  ["fe80::1%é", 0],
];

describe("isIP without node:net", () => {
  it("answers as node:net over the list", () => {
    for (const [s, want] of CASES) {
      expect([s, net.isIP(s)]).toEqual([s, want]);
      expect([s, isIP(s), isIPv4(s), isIPv6(s)]).toEqual([s, want, want === 4, want === 6]);
    }
  });

  it("answers as node:net over 200,000 random strings of address pieces", () => {
    const groups = ["0", "1", "7", "99", "255", "256", "01", "000", "ffff", "ABCD", "12345", "", "1.2.3.4", "g", "1%eth0"];
    const separators = [".", ".", ":", ":", ":", "::", "%"];
    const pieces = ["0", "1", "9", "a", "f", "F", "g", ":", ":", "::", ".", ".", "%", "-", "_", " ", "255", "256", "ffff", "01", "00", "12345", "1.2.3.4", "e", "Z", "é"];
    let seed = 16;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let differ: string[] = [];
    const seen = { 4: 0, 6: 0, 0: 0 };
    for (let i = 0; i < 200_000; i++) {
      let s = "";
      if (i % 2 === 0) {
        const len = next(14);
        for (let j = 0; j < len; j++) s += pieces[next(pieces.length)]!;
      } else {
        // Groups and separators, so that near-addresses (one group too many, a bad group) come often.
        const len = 1 + next(9);
        for (let j = 0; j < len; j++) s += (j ? separators[next(separators.length)]! : "") + groups[next(groups.length)]!;
      }
      const want = net.isIP(s);
      seen[want as 0 | 4 | 6]++;
      if (isIP(s) !== want || isIPv4(s) !== net.isIPv4(s) || isIPv6(s) !== net.isIPv6(s)) differ = [...differ, s].slice(0, 10);
    }
    expect(differ).toEqual([]);
    // The generator reaches every answer often enough for the comparison to mean something.
    expect(seen[4]).toBeGreaterThan(100);
    expect(seen[6]).toBeGreaterThan(1000);
  });
});
