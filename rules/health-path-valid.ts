// services.health.path becomes an axum route when the server starts; a path axum rejects panics NativeLink.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { TOO_MANY_PARAMS, serverRoutes } from "../src/facts/routes.ts";
import { get } from "../src/typed.ts";

const S = (health: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }], health: ${health} } }] }`;

/** What is wrong with a route path, read from axum's or matchit's panic message. */
function routeProblem(panic: string): string {
  if (panic.startsWith("Paths must start with")) return "does not start with `/`";
  if (panic.includes("must not start with `:`")) return "has a segment starting with `:`, which axum 0.8 refuses (captures are written {name})";
  if (panic.includes("must not start with `*`")) return "has a segment starting with `*`, which axum 0.8 refuses (wildcards are written {*name})";
  if (panic === TOO_MANY_PARAMS) return "has more than 25 {captures}, more than axum's router (matchit 0.8.4) can name";
  const conflict = /conflict with previously registered route: (.*)$/.exec(panic);
  if (conflict) return `is already registered on this server (as ${conflict[1]})`;
  const invalid = /^Invalid route "(?:[^"\\]|\\.)*": (.*)$/.exec(panic);
  if (invalid?.[1] !== undefined) return `is not a route axum accepts (${invalid[1].replace(/^./, (c) => c.toLowerCase())}; write {{ and }} for literal braces)`;
  return "is not a route axum accepts";
}

export default defineRule(
  {
    id: "health-path-valid",
    category: "network",
    severity: "error",
    summary: "services.health.path must be a route path axum accepts",
    why: "NativeLink registers the health check with axum's Router::route_service, which panics on a path that does not start with `/`, on a segment starting with `:` or `*` (the axum 0.7 capture syntax), on malformed `{...}` captures, on more than 25 captures, and on a path some other route of the server already has. The panic happens while the server is being set up, so NativeLink exits (code 101) before it listens.",
    fix: "Use a plain path that starts with `/`, such as /status (the default when path is empty).",
    nativelink: [
      { message: "Paths must start with a `/`", source: "src/bin/nativelink.rs:404-411 (axum 0.8.6 Router::route_service)" },
      { message: 'Invalid route "{path}": Insertion failed due to conflict with previously registered route: {route}', source: "axum 0.8.6 src/routing/path_router.rs:154-159 (matchit 0.8.4)" },
      { message: "Too many route parameters.", source: "matchit 0.8.4 src/tree.rs:710-713 (normalize_params)" },
    ],
    catalog: ["health-path-invalid-panic"],
    examples: {
      bad: { config: S('{ path: "healthz" }') },
      good: { config: S('{ path: "/healthz" }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const { health: path, healthPanic: panic } = serverRoutes(ctx, s.index, s.servicesNode);
      if (path === undefined || !panic) continue;
      const health = get(s.servicesNode, "health");
      const node = get(health, "path");
      yield {
        at: node?.pointer ?? health!.pointer,
        node: node ?? health!,
        message: `health path ${JSON.stringify(path)} ${routeProblem(panic)}; axum panics while servers[${s.index}] is set up and NativeLink exits`,
        nativelink: panic,
        hint: path.startsWith("/") ? 'use a plain path such as "/status"' : `write "/${path}"`,
      };
    }
  },
);
