import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { AxumPaths, MatchitPanic, MatchitRouter } from "../../src/facts/routes.ts";

const RULE = "admin-path-valid";
const S = (services: string) => `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: ${services} }] }`;
const TAIL = "axum panics while servers[0] is set up and NativeLink exits";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["the root", S('{ admin: { path: "/" } }'), [`1:111 admin path "/" is the root, where axum no longer nests anything; ${TAIL}`]],
    ["no leading slash", S('{ admin: { path: "admin" } }'), [`1:111 admin path "admin" does not start with \`/\`; ${TAIL}`]],
    ["a wildcard", S('{ admin: { path: "/admin/{*rest}" } }'), [`1:111 admin path "/admin/{*rest}" contains a {*wildcard} segment, which a nested path cannot have; ${TAIL}`]],
    ["an axum 0.7 capture", S('{ admin: { path: "/admin/:id" } }'), [`1:111 admin path "/admin/:id" has a segment starting with \`:\`, which axum 0.8 refuses (captures are written {name}); ${TAIL}`]],
    ["the health path", S('{ health: {}, admin: { path: "/status" } }'), [`1:123 admin path "/status" collides with the health route /status; ${TAIL}`]],
    ["the health path with a trailing slash", S('{ health: { path: "/admin/" }, admin: {} }'), [`1:132 admin path "/admin" collides with the health route /admin/; ${TAIL}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["the default", S("{ admin: {} }")],
    ["the defaults of both", S("{ health: {}, admin: {} }")],
    ["a health route below the admin path (static beats the nest's catch-all)", S('{ health: { path: "/admin/health" }, admin: {} }')],
    ["a trailing slash", S('{ admin: { path: "/ops/" } }')],
    ["a broken health path (health-path-valid reports it)", S('{ health: { path: "x" }, admin: { path: "x" } }')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries axum's panic message", async () => {
    const f = (await lint(S('{ health: {}, admin: { path: "/status" } }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe('Invalid route "/status": Insertion failed due to conflict with previously registered route: /status');
    expect(f?.pointer).toBe("/servers/0/services/admin/path");
    const g = (await lint(S('{ admin: { path: "admin" } }'))).find((x) => x.ruleId === RULE);
    expect(g?.nativelink).toBe("assertion failed: path.starts_with('/')");
    const h = (await lint(S('{ admin: { path: "/" } }'))).find((x) => x.ruleId === RULE);
    expect(h?.nativelink).toBe("Nesting at the root is no longer supported. Use fallback_service instead.");
  });

  // matchit 0.8.4 names a route's parameters a to z and panics on the 26th (src/tree.rs:710-713); axum does
  // not catch it, so NativeLink prints matchit's message and exits.
  const captures = (n: number) => Array.from({ length: n }, (_, i) => `/{p${i}}`).join("");
  for (const n of [26, 27, 50]) {
    it(`reports ${n} captures, where matchit panics (not an internal error)`, async () => {
      const path = captures(n);
      const found = (await lint(S(`{ health: {}, admin: { path: "${path}" } }`))).filter((x) => x.ruleId === RULE);
      expect(found.map((f) => [f.pointer, f.line, f.column, f.nativelink])).toEqual([["/servers/0/services/admin/path", 1, 123, "Too many route parameters."]]);
      expect(found[0]?.message).toBe(`admin path ${JSON.stringify(path)} has more than 25 {captures}, more than axum's router (matchit 0.8.4) can name; ${TAIL}`);
    });
  }
  it("passes 25 captures, the most matchit takes, and draws the line at 26", async () => {
    const found = async (n: number) => (await lint(S(`{ health: {}, admin: { path: "${captures(n)}" } }`))).filter((x) => x.ruleId === RULE).map((f) => f.nativelink);
    expect(await found(10)).toEqual([]);
    expect(await found(25)).toEqual([]);
    expect(await found(26)).toEqual(["Too many route parameters."]);
  });
  it("leaves a health path of 26 captures to health-path-valid", async () => {
    const found = await lint(S(`{ health: { path: "${captures(26)}" }, admin: {} }`));
    expect(found.filter((x) => x.ruleId === RULE)).toEqual([]);
    expect(found.filter((x) => x.ruleId === "health-path-valid").map((f) => f.nativelink)).toEqual(["Too many route parameters."]);
  });

  // Checked against matchit 0.8.4.
  it("inserts like matchit", () => {
    const r = new MatchitRouter();
    r.insert("/x/{a}/y");
    expect(() => r.insert("/x/{b}/y")).toThrow("Insertion failed due to conflict with previously registered route: /x/{a}/y");
    r.insert("/x/{b}/z");
    expect(() => new MatchitRouter().insert("/a/{*r}/b")).toThrow("Catch-all parameters are only allowed at the end of a route");
    const a = new AxumPaths();
    expect(a.nestService("/admin")).toBeUndefined();
    expect(a.routeService("/admin/")).toBe('Invalid route "/admin/": Insertion failed due to conflict with previously registered route: /admin/');
    expect(() => new MatchitRouter().insert("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}/{r}/{s}/{t}/{u}/{v}/{w}/{x}/{y}/{*z}")).not.toThrow();
    expect(() => new MatchitRouter().insert("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}/{r}/{s}/{t}/{u}/{v}/{w}/{x}/{y}/{z}")).toThrow(MatchitPanic);
    expect(new AxumPaths().routeService("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q}/{r}/{s}/{t}/{u}/{v}/{w}/{x}/{y}/{z}")).toBe("Too many route parameters.");
  });
});
