import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "http2-frame-size-range";
const S = (v: string) => `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", advanced_http: { experimental_http2_max_frame_size: ${v} } } }, services: {} }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["8192", S("8192"), ["1:132 experimental_http2_max_frame_size is 8192, below the HTTP/2 minimum of 16384; every HTTP/2 connection to this server panics"]],
    ["0", S("0"), ["1:132 experimental_http2_max_frame_size is 0, below the HTTP/2 minimum of 16384; every HTTP/2 connection to this server panics"]],
    ["2^24", S("16777216"), ["1:132 experimental_http2_max_frame_size is 16777216, above the HTTP/2 maximum of 16777215; every HTTP/2 connection to this server panics"]],
    ["a string from the environment", S('"${FRAME}"'), ["1:132 experimental_http2_max_frame_size is 1024, below the HTTP/2 minimum of 16384; every HTTP/2 connection to this server panics"]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config, { env: { FRAME: "1024" } }), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["16384", S("16384")],
    ["16777215", S("16777215")],
    ["null", S("null")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries h2's assertion", async () => {
    const f = (await lint(S("1"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("assertion failed: DEFAULT_MAX_FRAME_SIZE <= val && val <= MAX_MAX_FRAME_SIZE");
    expect(f?.pointer).toBe("/servers/0/listener/http/advanced_http/experimental_http2_max_frame_size");
  });
});
