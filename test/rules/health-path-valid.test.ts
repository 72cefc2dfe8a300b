import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "health-path-valid";
const S = (health: string, more = "") => `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { health: ${health}${more} } }] }`;
const TAIL = "axum panics while servers[0] is set up and NativeLink exits";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["no leading slash", S('{ path: "healthz" }'), [`1:112 health path "healthz" does not start with \`/\`; ${TAIL}`]],
    ["an axum 0.7 capture", S('{ path: "/status/:check" }'), [`1:112 health path "/status/:check" has a segment starting with \`:\`, which axum 0.8 refuses (captures are written {name}); ${TAIL}`]],
    ["an axum 0.7 wildcard", S('{ path: "/status/*rest" }'), [`1:112 health path "/status/*rest" has a segment starting with \`*\`, which axum 0.8 refuses (wildcards are written {*name}); ${TAIL}`]],
    [
      "a stray brace",
      S('{ path: "/status{" }'),
      [`1:112 health path "/status{" is not a route axum accepts (parameters must be registered with a valid name; write {{ and }} for literal braces); ${TAIL}`],
    ],
    [
      "text after a capture",
      S('{ path: "/{kind}.json" }'),
      [`1:112 health path "/{kind}.json" is not a route axum accepts (only one parameter is allowed per path segment; write {{ and }} for literal braces); ${TAIL}`],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["the default", S("{}")],
    ["an empty path (default /status)", S('{ path: "" }')],
    ["a nested path", S('{ path: "/api/v1/health" }')],
    ["the root", S('{ path: "/" }')],
    ["a capture in axum 0.8 syntax", S('{ path: "/status/{check}" }')],
    ["escaped braces", S('{ path: "/{{literal}}" }')],
    ["a path under a gRPC service prefix (static beats the catch-all)", S('{ path: "/google.bytestream.ByteStream/health" }', ', bytestream: [{ cas_store: "CAS" }]')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("judges each server by its own gRPC services (the router's answers are shared by servers with the same ones)", async () => {
    const path = '{ path: "/google.bytestream.ByteStream/{*rest}" }';
    const server = (port: number, more: string) => `{ listener: { http: { socket_address: "0.0.0.0:${port}" } }, services: { health: ${path}${more} } }`;
    const config = `{ stores: [], servers: [${server(50051, ', bytestream: [{ cas_store: "CAS" }]')}, ${server(50052, "")}, ${server(50053, ', bytestream: [{ cas_store: "CAS" }]')}] }`;
    const found = (await lint(config)).filter((x) => x.ruleId === RULE);
    expect(found.map((f) => f.pointer)).toEqual(["/servers/0/services/health/path", "/servers/2/services/health/path"]);
    expect(found[0]?.message).toContain("is already registered on this server");
  });

  // matchit 0.8.4 names a route's parameters a to z and panics on the 26th (src/tree.rs:710-713).
  const captures = (n: number) => Array.from({ length: n }, (_, i) => `/{p${i}}`).join("");
  for (const n of [26, 27, 50]) {
    it(`reports ${n} captures, where matchit panics (not an internal error)`, async () => {
      const path = captures(n);
      const found = (await lint(S(`{ path: "${path}" }`))).filter((x) => x.ruleId === RULE);
      expect(found.map((f) => [f.pointer, f.line, f.column, f.nativelink])).toEqual([["/servers/0/services/health/path", 1, 112, "Too many route parameters."]]);
      expect(found[0]?.message).toBe(`health path ${JSON.stringify(path)} has more than 25 {captures}, more than axum's router (matchit 0.8.4) can name; ${TAIL}`);
    });
  }
  it("passes 25 captures, the most matchit takes, and a catch-all after them, and draws the line at 26", async () => {
    const found = async (path: string) => (await lint(S(`{ path: "${path}" }`))).filter((x) => x.ruleId === RULE).map((f) => f.nativelink);
    expect(await found(captures(10))).toEqual([]);
    expect(await found(captures(25))).toEqual([]);
    expect(await found(`${captures(25)}/{*rest}`)).toEqual([]);
    expect(await found(captures(26))).toEqual(["Too many route parameters."]);
  });

  it("carries axum's panic message", async () => {
    const f = (await lint(S('{ path: "healthz" }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Paths must start with a `/`");
    expect(f?.pointer).toBe("/servers/0/services/health/path");
    expect(f?.hint).toBe('write "/healthz"');
    const g = (await lint(S('{ path: "/a/{}" }'))).find((x) => x.ruleId === RULE);
    expect(g?.nativelink).toBe('Invalid route "/a/{}": Parameters must be registered with a valid name');
  });
});
