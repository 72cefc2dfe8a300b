import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "grpc-read-batching-valid";
const grpc = (extra: string) => `{ stores: [{ name: "UP", grpc: { endpoints: [{ address: "grpc://c:1" }], store_type: "cas", ${extra} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["zero dispatch slots", grpc("experimental_read_batching: { dispatch_slots: 0 }"), ['1:139 grpc store "UP" sets experimental_read_batching.dispatch_slots to 0; it must be at least 1']],
    [
      "forward_headers beside batching, and zero slots as a string",
      grpc('experimental_read_batching: { dispatch_slots: "0" }, forward_headers: ["authorization"]'),
      ['1:121 grpc store "UP" batches reads but also forwards client headers (1 in forward_headers); the two cannot be combined', '1:139 grpc store "UP" sets experimental_read_batching.dispatch_slots to 0; it must be at least 1'],
    ],
    [
      "more slots than a tokio semaphore holds",
      grpc("experimental_read_batching: { dispatch_slots: 3000000000000000000 }"),
      ['1:139 grpc store "UP" sets experimental_read_batching.dispatch_slots to 3000000000000000000, above tokio\'s semaphore limit of 2305843009213693951; NativeLink panics'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["default slots", grpc("experimental_read_batching: {}")],
    ["batching turned off with null, with forward_headers", grpc('experimental_read_batching: null, forward_headers: ["authorization"]')],
    ["batching with an empty forward_headers", grpc("experimental_read_batching: { dispatch_slots: 2 }, forward_headers: []")],
    ["forward_headers without batching", grpc('forward_headers: ["authorization"]')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's messages and points at the setting", async () => {
    const fs = (await lint(grpc('experimental_read_batching: { dispatch_slots: 0 }, forward_headers: ["x"]'))).filter((x) => x.ruleId === RULE);
    expect(fs.map((f) => [f.pointer, f.nativelink])).toEqual([
      ["/stores/0/grpc/experimental_read_batching", "experimental_read_batching is incompatible with forward_headers"],
      ["/stores/0/grpc/experimental_read_batching/dispatch_slots", "experimental_read_batching.dispatch_slots must be greater than zero"],
    ]);
  });
});
