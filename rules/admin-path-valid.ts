// services.admin.path is where axum nests the admin API; a path axum cannot nest at panics NativeLink.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { TOO_MANY_PARAMS, serverRoutes } from "../src/facts/routes.ts";
import { get } from "../src/typed.ts";

const S = (admin: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }], health: {}, admin: ${admin} } }] }`;

function problem(panic: string, health: string | undefined): string {
  if (panic.startsWith("Nesting at the root")) return "is the root, where axum no longer nests anything";
  if (panic.startsWith("assertion failed: path.starts_with")) return "does not start with `/`";
  if (panic.includes("nested routes cannot contain wildcards")) return "contains a {*wildcard} segment, which a nested path cannot have";
  if (panic.includes("must not start with `:`")) return "has a segment starting with `:`, which axum 0.8 refuses (captures are written {name})";
  if (panic.includes("must not start with `*`")) return "has a segment starting with `*`, which axum 0.8 refuses";
  if (panic === TOO_MANY_PARAMS) return "has more than 25 {captures}, more than axum's router (matchit 0.8.4) can name";
  const conflict = /conflict with previously registered route: (.*)$/.exec(panic);
  if (conflict) {
    return health !== undefined && conflict[1] === health ? `collides with the health route ${health}` : `collides with the route ${conflict[1]} already registered on this server`;
  }
  const invalid = /^Invalid route "(?:[^"\\]|\\.)*": (.*)$/.exec(panic);
  if (invalid?.[1] !== undefined) return `is not a route axum accepts (${invalid[1].replace(/^./, (c) => c.toLowerCase())}; write {{ and }} for literal braces)`;
  return "is not a path axum can nest at";
}

export default defineRule(
  {
    id: "admin-path-valid",
    category: "network",
    severity: "error",
    summary: "services.admin.path must be a path axum can nest the admin API at, distinct from the health path",
    why: "NativeLink mounts the admin API with axum's Router::nest_service, which registers the path itself, the path with a trailing `/`, and everything below it. axum panics when the path is `/`, does not start with `/`, holds a `{*wildcard}`, a segment starting with `:` or `*` or more than 25 `{captures}`, or when one of those routes is already taken, typically by services.health.path (registered just before). The panic happens while the server is being set up, so NativeLink exits (code 101) before it listens.",
    fix: "Use a path of its own below the root, such as /admin (the default when path is empty), different from the health path.",
    nativelink: [
      { message: "Nesting at the root is no longer supported. Use fallback_service instead.", source: "src/bin/nativelink.rs:413-463 (axum 0.8.6 Router::nest_service)" },
      { message: "assertion failed: path.starts_with('/')", source: "axum 0.8.6 src/routing/path_router.rs:518-520" },
      { message: 'Invalid route "{path}": Insertion failed due to conflict with previously registered route: {route}', source: "axum 0.8.6 src/routing/path_router.rs:154-159 (matchit 0.8.4)" },
      { message: "Too many route parameters.", source: "matchit 0.8.4 src/tree.rs:710-713 (normalize_params)" },
    ],
    catalog: ["admin-path-invalid-panic"],
    examples: {
      bad: { config: S('{ path: "/status" }') },
      good: { config: S('{ path: "/admin" }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      // A health path that panics is health-path-valid's finding; NativeLink would not get this far (no adminPanic).
      const { admin: path, adminPanic: panic, health } = serverRoutes(ctx, s.index, s.servicesNode);
      if (path === undefined || !panic) continue;
      const admin = get(s.servicesNode, "admin");
      const node = get(admin, "path");
      yield {
        at: node?.pointer ?? admin!.pointer,
        node: node ?? admin!,
        message: `admin path ${JSON.stringify(path)} ${problem(panic, health)}; axum panics while servers[${s.index}] is set up and NativeLink exits`,
        nativelink: panic,
        hint: path === "/" || path === health ? 'use a path of its own, such as "/admin"' : path.startsWith("/") ? 'use a plain path such as "/admin"' : `write "/${path}"`,
      };
    }
  },
);
