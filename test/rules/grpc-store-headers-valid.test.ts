import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { metadataKeyProblem, metadataValueProblem } from "../../rules/grpc-store-headers-valid.ts";

const RULE = "grpc-store-headers-valid";
const grpc = (headers: string) => `{ stores: [{ name: "UP", grpc: { endpoints: [{ address: "grpc://c:1" }], store_type: "cas", headers: ${headers} } }], servers: [] }`;

describe(RULE, () => {
  it("reports bad names and values, each at its entry", async () => {
    expect(lines(await lint(grpc('{ "x team": "a", "": "b", "X-Token-Bin": "c", "x-ok": "line\\nbreak", "x-é": "d" }')), RULE)).toEqual([
      '1:104 grpc store "UP" header name "x team" is not valid gRPC metadata: it contains " ", which is not allowed in a header name',
      '1:119 grpc store "UP" header name "" is not valid gRPC metadata: it is empty',
      '1:128 grpc store "UP" header name "X-Token-Bin" is not valid gRPC metadata: names ending in "-bin" are for binary metadata, which static headers cannot carry',
      '1:156 grpc store "UP" header "x-ok" has a value that is not valid gRPC metadata: it contains the control character U+000A',
      '1:171 grpc store "UP" header name "x-é" is not valid gRPC metadata: it contains "é", which is not allowed in a header name',
    ]);
  });

  it("passes upper-case names, tabs and non-ASCII in values, empty values, and judges only the last duplicate", async () => {
    expect(lines(await lint(grpc('{ "X-Team": "büro\\tA", "x-id": "", "x-dup": "a\\u0001", "x-dup": "ok" }')), RULE)).toEqual([]);
  });

  const names: [string, string | undefined][] = [
    ["authorization", undefined],
    ["X-Custom_Header.v2~!", undefined],
    ["grpc-bin", 'names ending in "-bin" are for binary metadata, which static headers cannot carry'],
    ["a:b", 'it contains ":", which is not allowed in a header name'],
    ["\u212A", undefined], // KELVIN SIGN lower-cases to an ASCII "k" in both Rust and JavaScript
    ["x".repeat(65536), "it is longer than 65535 bytes"],
  ];
  for (const [name, want] of names) {
    it(`judges the name ${JSON.stringify(name.slice(0, 20))}`, () => expect(metadataKeyProblem(name)).toBe(want));
  }
  it("judges values like http's HeaderValue::from_str", () => {
    expect(metadataValueProblem("Bearer abc def")).toBeUndefined();
    expect(metadataValueProblem("\u00e9")).toBeUndefined();
    expect(metadataValueProblem("a\u007fb")).toBe("it contains the control character U+007F");
    expect(metadataValueProblem("a\rb")).toBe("it contains the control character U+000D");
  });

  it("carries NativeLink's message with the name as written, never the value", async () => {
    const f = (await lint(grpc('{ "Bad Name": "secret-token" }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Invalid gRPC metadata key: Bad Name");
    expect(f?.pointer).toBe("/stores/0/grpc/headers/Bad Name");
    const v = (await lint(grpc('{ "x-token": "secret\\ntoken" }'))).find((x) => x.ruleId === RULE);
    expect(v?.nativelink).toBe("Invalid gRPC metadata value for key: x-token");
    expect(v?.message).not.toContain("secret");
  });
});
