// number-truncated: an integer field cast with Rust's `as` turns 2.5 into 2 without a word.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "number-truncated";

const health = (value: string) => `{
  stores: [],
  servers: [
    {
      listener: { http: { socket_address: "127.0.0.1:50051" } },
      services: {
        health: { timeout_seconds: ${value} },
      },
    },
  ],
}`;

describe(RULE, () => {
  it("reports a fraction, at the number", async () => {
    expect(spans(await lint(health("2.5")), RULE)).toEqual(["7:36-7:39 2.5 is not a non-negative integer; NativeLink silently reads it as 2"]);
  });

  it("passes a whole number", async () => {
    expect(spans(await lint(health("3")), RULE)).toEqual([]);
  });
});
