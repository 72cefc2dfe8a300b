import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "cas-chunking-avg-size";
const cfg = (avg: string) =>
  `{ stores: [{ name: "CAS", memory: {} }, { name: "IDX", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:1" } }, services: { cas: [{ instance_name: "main", cas_store: "CAS", experimental_chunking: { index_store: "IDX", avg_chunk_size_bytes: ${avg} } }] } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["below 1 KiB", cfg("1023"), ['1:264 avg_chunk_size_bytes 1023 of instance "main" is below 1024; the REAPI allows 1024..1048576 (0 means 524288)']],
    ["above 1 MiB", cfg("1048577"), ['1:264 avg_chunk_size_bytes 1048577 of instance "main" is above 1048576; the REAPI allows 1024..1048576 (0 means 524288)']],
    ["a hex literal", cfg("0x10"), ['1:264 avg_chunk_size_bytes 16 of instance "main" is below 1024; the REAPI allows 1024..1048576 (0 means 524288)']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  for (const ok of ["0", "1024", "524288", "1048576"]) {
    it(`passes ${ok}`, async () => {
      expect(lines(await lint(cfg(ok)), RULE)).toEqual([]);
    });
  }

  it("leaves negative and fractional values to the schema rules", async () => {
    expect(lines(await lint(cfg("-1")), RULE)).toEqual([]);
    expect(lines(await lint(cfg("1.5")), RULE)).toEqual([]);
  });

  it("carries NativeLink's startup message, not the parse-error mask", async () => {
    const f = (await lint(cfg("100"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("'experimental_chunking.avg_chunk_size_bytes' is 100, must be between 1024 and 1048576");
    expect(f?.pointer).toBe("/servers/0/services");
    expect([f?.line, f?.column, f?.endColumn]).toEqual([1, 264, 267]);
  });
});
