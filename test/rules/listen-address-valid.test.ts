import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { formatSocketAddr, parseSocketAddr, parseSocketAddrFully } from "../../src/facts/endpoints.ts";

const RULE = "listen-address-valid";
const S = (addr: string) => `{ stores: [], servers: [{ listener: { http: { socket_address: ${JSON.stringify(addr)} } }, services: {} }] }`;
const TAIL = "NativeLink cannot parse it as a socket address and stops";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a bare :port", S(":8080"), [`1:63 socket_address ":8080" has no IP address (NativeLink does not read \`:port\` as all interfaces); ${TAIL}`]],
    ["a host name", S("localhost:8080"), [`1:63 socket_address "localhost:8080" uses a host name; only an IP address is accepted; ${TAIL}`]],
    ["no port", S("0.0.0.0"), [`1:63 socket_address "0.0.0.0" has no port; ${TAIL}`]],
    ["a port above 65535", S("0.0.0.0:99999"), [`1:63 socket_address "0.0.0.0:99999" has port 99999, above 65535; ${TAIL}`]],
    ["IPv6 without brackets", S("::1:50051"), [`1:63 socket_address "::1:50051" has an IPv6 address without brackets; ${TAIL}`]],
    ["empty", S(""), [`1:63 socket_address "" is empty; ${TAIL}`]],
    ["a trailing space", S("0.0.0.0:50051 "), [`1:63 socket_address "0.0.0.0:50051 " has leading or trailing whitespace; ${TAIL}`]],
    ["a leading-zero octet", S("010.0.0.1:80"), [`1:63 socket_address "010.0.0.1:80" is not an IP:port or [IPv6]:port address; ${TAIL}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("checks the value after ${VAR} expansion and names the variable", async () => {
    const f = await lint(S("${LISTEN}"), { env: { LISTEN: "localhost:1" } });
    expect(lines(f, RULE)).toEqual([`1:63 socket_address "localhost:1" (from \${LISTEN}) uses a host name; only an IP address is accepted; ${TAIL}`]);
    expect(lines(await lint(S("${LISTEN}"), { env: { LISTEN: "0.0.0.0:1" } }), RULE)).toEqual([]);
  });

  const valid = ["0.0.0.0:50051", "[::]:50051", "127.0.0.1:8080", "[::1]:0", "[fe80::1%2]:80", "[::ffff:10.0.0.1]:1", "1.2.3.4:00080"];
  for (const addr of valid) {
    it(`passes ${addr}`, async () => {
      expect(lines(await lint(S(addr)), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message and a suggestion", async () => {
    const f = (await lint(S(":50051"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("invalid socket address syntax");
    expect(f?.pointer).toBe("/servers/0/listener/http/socket_address");
    expect(f?.hint).toBe('write "0.0.0.0:50051"');
    const g = (await lint(S("localhost:8080"))).find((x) => x.ruleId === RULE);
    expect(g?.hint).toBe('write "127.0.0.1:8080"');
  });

  // Checked against Rust 1.95's SocketAddr parser and Display.
  const parsed: [string, string | undefined][] = [
    ["0.0.0.0:50051", "0.0.0.0:50051"],
    ["[0:0:0:0:0:0:0:1]:2", "[::1]:2"],
    ["[1:0:0:2:0:0:0:3]:4", "[1:0:0:2::3]:4"],
    ["[::ffff:1.2.3.4]:1", "[::ffff:1.2.3.4]:1"],
    ["[::1.2.3.4]:1", "[::102:304]:1"],
    ["[fe80::1%5]:1", "[fe80::1%5]:1"],
    ["1.2.3.4:00080", "1.2.3.4:80"],
    ["01.2.3.4:1", undefined],
    ["[1::2::3]:1", undefined],
    ["[1:2:3:4:5:6:7:8:9]:1", undefined],
    ["[12345::]:1", undefined],
    ["1.2.3.4:65536", undefined],
    ["[::1]", undefined],
  ];
  for (const [input, want] of parsed) {
    it(`parses ${input} like Rust`, () => {
      const a = parseSocketAddr(input);
      expect(a ? formatSocketAddr(a) : undefined).toBe(want);
    });
  }
});

describe("parseSocketAddr's quick reading", () => {
  it("answers as the full parser does, over generated addresses", () => {
    // Octets, separators and ports that the quick reading takes, and ones it must leave to the full parser.
    const good = <T>(n: number, xs: T[]): T[] => Array.from({ length: n }, () => xs).flat();
    const octets = [...good(12, ["0", "1", "9", "10", "127", "255"]), "00", "01", "256", "999", "0255", "", "a", "\u0661"];
    const seps = [...good(60, ["."]), ":", "", ".."];
    const ports = [...good(8, ["0", "80", "080", "65535", "0000000000080"]), "65536", "", "a", " 1", "1 ", "99999999999"];
    let seed = 7;
    const pick = <T>(xs: T[]): T => xs[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % xs.length]!;
    const samples = ["", "[::1]:80", "[", "localhost:80", ":80", "1.2.3.4", "1.2.3.4:"];
    for (let n = 0; n < 100_000; n++) {
      let s = pick(octets);
      for (let k = 0; k < 3; k++) s += pick(seps) + pick(octets);
      samples.push(s + pick([...good(20, [":"]), "", "::"]) + pick(ports));
    }
    let read = 0;
    for (const s of samples) {
      const full = parseSocketAddrFully(s);
      if (full) read++;
      expect([s, parseSocketAddr(s)]).toEqual([s, full]);
    }
    // The generator reaches both answers often.
    expect(read).toBeGreaterThan(10_000);
    expect(samples.length - read).toBeGreaterThan(10_000);
  });
});
