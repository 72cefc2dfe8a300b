// The HTTP routes NativeLink registers on each server (tonic's gRPC services, the health route, the
// admin nest), and the axum 0.8.6 / matchit 0.8.4 rules that make a bad path panic at startup.
import { rustStrDebug } from "../rust/debug.ts";
import { get, type Typed } from "../typed.ts";
import type { RuleContext } from "../context.ts";
import type { AdminConfig, HealthConfig, ServicesConfig, ServicesConfigKey } from "../generated/nativelink-types.ts";

// ---- matchit 0.8.4 insertion ---------------------------------------------------------------------

const OPEN = 0x7b;
const CLOSE = 0x7d;
const STAR = 0x2a;
const SLASH = 0x2f;

/**
 * A route with `{{`/`}}` unescaped, remembering where the escaped braces were. matchit keeps a list of
 * positions and searches it; a set answers the same questions without the search, which made a path
 * of many escaped braces cost n² for each byte read.
 */
interface Route {
  inner: number[];
  escaped: Set<number>;
}
/** A view into a route: `escaped` indexes the original, shifted by `offset`. */
interface Ref {
  inner: number[];
  escaped: ReadonlySet<number>;
  offset: number;
}

/** matchit's `UnescapedRoute::new`: each `{{` or `}}` becomes one brace, read as a literal. */
function unescape(bytes: number[]): Route {
  const inner: number[] = [];
  const escaped = new Set<number>();
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if ((c === OPEN || c === CLOSE) && bytes[i + 1] === c) {
      escaped.add(inner.length);
      i++;
    }
    inner.push(c);
  }
  return { inner, escaped };
}
const asRef = (r: Route): Ref => ({ inner: r.inner, escaped: r.escaped, offset: 0 });
const refEscaped = (r: Ref, i: number) => i - r.offset >= 0 && r.escaped.has(i - r.offset);
const routeEscaped = (r: Route, i: number) => r.escaped.has(i);
const sliceOff = (r: Ref, start: number): Ref => ({ inner: r.inner.slice(start), escaped: r.escaped, offset: r.offset - start });
const sliceUntil = (r: Ref, end: number): Ref => ({ inner: r.inner.slice(0, end), escaped: r.escaped, offset: r.offset });
function toOwned(r: Ref): Route {
  const escaped = new Set<number>();
  for (const i of r.escaped) if (i + r.offset >= 0 && i + r.offset < r.inner.length) escaped.add(i + r.offset);
  return { inner: [...r.inner], escaped };
}
function splice(r: Route, start: number, end: number, replace: number[]): number[] {
  const offset = replace.length - (end - start);
  const escaped = new Set<number>();
  // As matchit 0.8.4 does: positions in the range go, and only those past `end` move.
  for (const i of r.escaped) if (!(i >= start && i < end)) escaped.add(i > end ? i + offset : i);
  r.escaped = escaped;
  return r.inner.splice(start, end - start, ...replace);
}
function append(r: Route, other: Route): void {
  for (const i of other.escaped) r.escaped.add(r.inner.length + i);
  r.inner.push(...other.inner);
}
function truncate(r: Route, to: number): void {
  r.escaped = new Set([...r.escaped].filter((x) => x < to));
  r.inner.length = Math.min(r.inner.length, to);
}
/** `xs[i]` where the tree walk has already bounded `i`: out of range is a bug in this port, not in the config. */
function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`route tree: index ${i} out of range (length ${xs.length})`);
  return x;
}
const sameBytes = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const text = (bytes: number[]) => Buffer.from(bytes).toString("utf8");

export class InsertError extends Error {}
/**
 * A panic inside matchit's insert rather than an InsertError it returns: axum does not wrap it in
 * "Invalid route ...", so NativeLink prints matchit's own message.
 */
export class MatchitPanic extends Error {}
/**
 * matchit 0.8.4 renames a route's parameters `{a}`, `{b}`... before inserting it, and `normalize_params`
 * (src/tree.rs:710-713) panics once the next name would pass `z`: at the 26th parameter of one route.
 */
export const TOO_MANY_PARAMS = "Too many route parameters.";
const INVALID_PARAM = "Parameters must be registered with a valid name";
const INVALID_PARAM_SEGMENT = "Only one parameter is allowed per path segment";
const INVALID_CATCH_ALL = "Catch-all parameters are only allowed at the end of a route";

function findWildcard(path: Ref): [number, number] | undefined {
  const p = path.inner;
  for (let start = 0; start < p.length; start++) {
    const c = p[start];
    if (c === CLOSE && !refEscaped(path, start)) throw new InsertError(INVALID_PARAM);
    if (c !== OPEN || refEscaped(path, start)) continue;
    if (p[start + 1] === CLOSE) throw new InsertError(INVALID_PARAM);
    for (let i = start + 2; i < p.length; i++) {
      const d = p[i];
      if (d === CLOSE) {
        if (refEscaped(path, i)) continue;
        if (p[i - 1] === STAR) throw new InsertError(INVALID_PARAM);
        if (i + 1 < p.length && p[i + 1] !== SLASH) throw new InsertError(INVALID_PARAM_SEGMENT);
        return [start, i + 1];
      }
      if (d === STAR || d === SLASH) throw new InsertError(INVALID_PARAM);
    }
    throw new InsertError(INVALID_PARAM);
  }
  return undefined;
}

function normalizeParams(path: Route): [Route, number[][]] {
  let start = 0;
  const original: number[][] = [];
  let next = 0x61;
  for (;;) {
    const w = findWildcard(sliceOff(asRef(path), start));
    if (!w) return [path, original];
    const ws = w[0] + start;
    const we = w[1] + start;
    if (we - ws < 2) throw new InsertError(INVALID_PARAM);
    if (path.inner[ws + 1] === STAR) {
      start = we;
      continue;
    }
    const removed = splice(path, ws, we, [OPEN, next, CLOSE]);
    original.push(removed.slice(1, -1));
    next++;
    if (next > 0x7a) throw new MatchitPanic(TOO_MANY_PARAMS);
    start = ws + 3;
  }
}

function denormalizeParams(route: Route, params: number[][]): void {
  let start = 0;
  let i = 0;
  for (;;) {
    const w = findWildcard(sliceOff(asRef(route), start));
    if (!w) return;
    const ws = w[0] + start;
    const we = w[1] + start;
    const param = params[i];
    if (!param) return;
    const next = [OPEN, ...param, CLOSE];
    splice(route, ws, we, next);
    i++;
    start = ws + next.length;
  }
}

type NodeType = "root" | "param" | "catchall" | "static";

class Node {
  prefix: Route = { inner: [], escaped: new Set() };
  priority = 0;
  wildChild = false;
  indices: number[] = [];
  nodeType: NodeType = "static";
  children: Node[] = [];
  value: boolean = false;
  remapping: number[][] = [];

  insert(routeText: string): void {
    const [route, remapping] = normalizeParams(unescape([...Buffer.from(routeText, "utf8")]));
    let remaining = asRef(route);
    this.priority++;
    if (this.prefix.inner.length === 0 && this.children.length === 0) {
      this.insertRoute(remaining).remapping = remapping;
      this.nodeType = "root";
      return;
    }
    let current: Node = this;
    walk: for (;;) {
      const len = Math.min(remaining.inner.length, current.prefix.inner.length);
      let common = len;
      for (let i = 0; i < len; i++) {
        if (remaining.inner[i] !== current.prefix.inner[i] || refEscaped(remaining, i) !== routeEscaped(current.prefix, i)) {
          common = i;
          break;
        }
      }
      if (current.prefix.inner.length > common) {
        const child = new Node();
        child.prefix = toOwned(sliceOff(asRef(current.prefix), common));
        child.value = current.value;
        current.value = false;
        child.indices = [...current.indices];
        child.wildChild = current.wildChild;
        child.children = current.children;
        child.remapping = current.remapping;
        current.remapping = [];
        child.priority = current.priority - 1;
        current.children = [child];
        current.indices = [at(current.prefix.inner, common)];
        current.prefix = toOwned(sliceUntil(asRef(current.prefix), common));
        current.wildChild = false;
        continue;
      }
      if (remaining.inner.length === common) {
        if (current.value) throw conflict(route, remaining, current);
        current.value = true;
        current.remapping = remapping;
        return;
      }
      remaining = sliceOff(remaining, common);
      const next = at(remaining.inner, 0);
      if (current.nodeType === "param" && current.children.length === 1) {
        current = at(current.children, 0);
        current.priority++;
        continue;
      }
      for (let i = 0; i < current.indices.length; i++) {
        if (next === current.indices[i]) {
          if ((next === OPEN || next === CLOSE) && !refEscaped(remaining, 0)) continue;
          const j = current.updateChildPriority(i);
          current = at(current.children, j);
          continue walk;
        }
      }
      if ((next !== OPEN || refEscaped(remaining, 0)) && current.nodeType !== "catchall") {
        current.indices.push(next);
        let child = current.addChild(new Node());
        child = current.updateChildPriority(child);
        at(current.children, child).insertRoute(remaining).remapping = remapping;
        return;
      }
      if (current.wildChild) {
        current = at(current.children, current.children.length - 1);
        current.priority++;
        if (remaining.inner.length >= current.prefix.inner.length && !sameBytes(remaining.inner.slice(0, current.prefix.inner.length), current.prefix.inner)) {
          throw conflict(route, remaining, current);
        }
        if (current.nodeType === "catchall") throw conflict(route, remaining, current);
        continue;
      }
      current.insertRoute(remaining).remapping = remapping;
      return;
    }
  }

  addChild(child: Node): number {
    const len = this.children.length;
    if (this.wildChild && len > 0) {
      this.children.splice(len - 1, 0, child);
      return len - 1;
    }
    this.children.push(child);
    return len;
  }

  updateChildPriority(i: number): number {
    const child = at(this.children, i);
    child.priority++;
    let updated = i;
    while (updated > 0 && at(this.children, updated - 1).priority < child.priority) {
      this.children[updated] = at(this.children, updated - 1);
      this.children[updated - 1] = child;
      updated--;
    }
    if (updated !== i) {
      const moved = at(this.indices, i);
      this.indices.splice(i, 1);
      this.indices.splice(updated, 0, moved);
    }
    return updated;
  }

  insertRoute(prefixIn: Ref): Node {
    let prefix = prefixIn;
    let current: Node = this;
    for (;;) {
      const w = findWildcard(prefix);
      if (!w) {
        current.value = true;
        current.prefix = toOwned(prefix);
        return current;
      }
      const [ws, we] = w;
      const wlen = we - ws;
      if (prefix.inner[ws + 1] === STAR) {
        if (we !== prefix.inner.length) throw new InsertError(INVALID_CATCH_ALL);
        if (ws > 0) {
          current.prefix = toOwned(sliceUntil(prefix, ws));
          prefix = sliceOff(prefix, ws);
        }
        const child = new Node();
        child.prefix = toOwned(prefix);
        child.nodeType = "catchall";
        child.value = true;
        child.priority = 1;
        const i = current.addChild(child);
        current.wildChild = true;
        return at(current.children, i);
      }
      if (ws > 0) {
        current.prefix = toOwned(sliceUntil(prefix, ws));
        prefix = sliceOff(prefix, ws);
      }
      const param = new Node();
      param.nodeType = "param";
      param.prefix = toOwned(sliceUntil(prefix, wlen));
      const ci = current.addChild(param);
      current.wildChild = true;
      current = at(current.children, ci);
      current.priority++;
      if (wlen < prefix.inner.length) {
        prefix = sliceOff(prefix, wlen);
        const child = new Node();
        child.priority = 1;
        const cj = current.addChild(child);
        current = at(current.children, cj);
        continue;
      }
      current.value = true;
      return current;
    }
  }
}

function conflict(routeIn: Route, prefix: Ref, current: Node): InsertError {
  const route: Route = { inner: [...routeIn.inner], escaped: new Set(routeIn.escaped) };
  const msg = (r: Route) => new InsertError(`Insertion failed due to conflict with previously registered route: ${text(r.inner)}`);
  if (sameBytes(prefix.inner, current.prefix.inner)) {
    denormalizeParams(route, current.remapping);
    return msg(route);
  }
  truncate(route, route.inner.length - prefix.inner.length);
  const p = current.prefix.inner;
  const endsWith = route.inner.length >= p.length && sameBytes(route.inner.slice(route.inner.length - p.length), p);
  if (!endsWith) append(route, current.prefix);
  for (let child = current.children[0]; child; child = child.children[0]) append(route, child.prefix);
  let last = current;
  while (last.children[0]) last = last.children[0];
  denormalizeParams(route, last.remapping);
  return msg(route);
}

/** A matchit 0.8.4 router, for insertion only. */
export class MatchitRouter {
  private root = new Node();
  /** Throws InsertError with matchit's message, or MatchitPanic where matchit panics. */
  insert(route: string): void {
    this.root.insert(route);
  }
}

// ---- axum 0.8.6 ----------------------------------------------------------------------------------

const V07_COLON = "Path segments must not start with `:`. For capture groups, use `{capture}`. If you meant to literally match a segment starting with a colon, call `without_v07_checks` on the router.";
const V07_STAR = "Path segments must not start with `*`. For wildcard capture, use `{*wildcard}`. If you meant to literally match a segment starting with an asterisk, call `without_v07_checks` on the router.";

function v07Error(path: string): string | undefined {
  for (const seg of path.split("/")) {
    if (seg.startsWith(":")) return V07_COLON;
    if (seg.startsWith("*")) return V07_STAR;
  }
  return undefined;
}

/** axum's `validate_path` (with the v0.7 checks on, the default). */
function validatePath(path: string): string | undefined {
  if (path === "") return 'Paths must start with a `/`. Use "/" for root routes';
  if (!path.startsWith("/")) return "Paths must start with a `/`";
  return v07Error(path);
}

/** The panic message of a route registration, or undefined when it succeeds. */
export type RouteStep = { path: string; panic?: string };

/** An axum Router's path router, registering routes the way `route_service` and `nest_service` do. */
export class AxumPaths {
  private router = new MatchitRouter();

  private routeEndpoint(path: string): string | undefined {
    const v = validatePath(path);
    if (v) return v;
    try {
      this.router.insert(path);
    } catch (e) {
      if (e instanceof InsertError) return `Invalid route ${rustStrDebug(path)}: ${e.message}`;
      if (e instanceof MatchitPanic) return e.message;
      throw e;
    }
    return undefined;
  }

  /** `Router::route_service(path, svc)`: the panic message, or undefined. */
  routeService(path: string): string | undefined {
    return this.routeEndpoint(path);
  }

  /** `Router::nest_service(path, svc)`: the panic message, or undefined. */
  nestService(path: string): string | undefined {
    if (path === "" || path === "/") return "Nesting at the root is no longer supported. Use fallback_service instead.";
    if (!path.startsWith("/")) return "assertion failed: path.starts_with('/')";
    if (path.split("/").some((s) => s.startsWith("{*") && s.endsWith("}") && !s.endsWith("}}"))) return "Invalid route: nested routes cannot contain wildcards (*)";
    const v = v07Error(path);
    if (v) return `called \`Result::unwrap()\` on an \`Err\` value: ${rustStrDebug(v)}`;
    const tail = path.endsWith("/") ? `${path}{*__private__axum_nest_tail_param}` : `${path}/{*__private__axum_nest_tail_param}`;
    return this.routeEndpoint(tail) ?? this.routeEndpoint(path) ?? (path.endsWith("/") ? undefined : this.routeEndpoint(`${path}/`));
  }
}

// ---- NativeLink's server routes ------------------------------------------------------------------

export const DEFAULT_HEALTH_PATH = "/status";
export const DEFAULT_ADMIN_PATH = "/admin";

/** gRPC service names tonic routes as `/{name}/{*rest}`, in the order nativelink.rs adds them. */
const GRPC_SERVICES: [ServicesConfigKey, string[]][] = [
  ["ac", ["build.bazel.remote.execution.v2.ActionCache"]],
  ["cas", ["build.bazel.remote.execution.v2.ContentAddressableStorage"]],
  ["execution", ["build.bazel.remote.execution.v2.Execution", "google.longrunning.Operations"]],
  ["fetch", ["build.bazel.remote.asset.v1.Fetch"]],
  ["push", ["build.bazel.remote.asset.v1.Push"]],
  ["bytestream", ["google.bytestream.ByteStream"]],
  ["capabilities", ["build.bazel.remote.execution.v2.Capabilities"]],
  ["worker_api", ["com.github.trace_machina.nativelink.remote_execution.WorkerApi"]],
  ["experimental_bep", ["google.devtools.build.v1.PublishBuildEvent"]],
];

/** A server's router after its gRPC services are added (services that are present and not null). */
export function grpcRouter(services: Typed<ServicesConfig> | undefined): AxumPaths {
  const r = new AxumPaths();
  for (const [key, names] of GRPC_SERVICES) {
    const v = get(services, key);
    if (!v || v.kind === "null") continue;
    for (const n of names) r.routeService(`/${n}/{*rest}`);
  }
  return r;
}

/** The health route's path: `path`, or /status when it is empty. */
export function healthPath(health: Typed<HealthConfig> | undefined): string | undefined {
  if (!health || health.kind !== "object") return undefined;
  const p = get(health, "path");
  if (p && p.kind !== "string") return undefined;
  return p && p.value !== "" ? p.value : DEFAULT_HEALTH_PATH;
}

/** The admin nest's path: `path`, or /admin when it is empty. */
export function adminPath(admin: Typed<AdminConfig> | undefined): string | undefined {
  if (!admin || admin.kind !== "object") return undefined;
  const p = get(admin, "path");
  if (p && p.kind !== "string") return undefined;
  return p && p.value !== "" ? p.value : DEFAULT_ADMIN_PATH;
}

/** What axum makes of a server's health and admin paths, as NativeLink registers them. */
export interface ServerRoutes {
  /** services.health's path (/status when empty), when the server has a health service. */
  health?: string;
  /** The panic registering the health path, after the gRPC services. */
  healthPanic?: string;
  /** services.admin's path (/admin when empty), when the server has an admin service. */
  admin?: string;
  /** The panic nesting the admin API, when the health path registered (NativeLink gets no further otherwise). */
  adminPanic?: string;
}

/**
 * The routes of a server, worked out once per config: health-path-valid and admin-path-valid each
 * built the same router of the server's gRPC services.
 */
export function serverRoutes(ctx: RuleContext, index: number, services: Typed<ServicesConfig> | undefined): ServerRoutes {
  const all = ctx.facts.once("server-routes", () => new Map<number, ServerRoutes>());
  let routes = all.get(index);
  if (routes) return routes;
  routes = {};
  const health = healthPath(get(services, "health"));
  const admin = adminPath(get(services, "admin"));
  if (health !== undefined || admin !== undefined) {
    const router = grpcRouter(services);
    if (health !== undefined) {
      routes.health = health;
      routes.healthPanic = router.routeService(health);
    }
    if (admin !== undefined) {
      routes.admin = admin;
      if (routes.healthPanic === undefined) routes.adminPanic = router.nestService(admin);
    }
  }
  all.set(index, routes);
  return routes;
}
