// How NativeLink resolves store and scheduler names at startup, for the reference and startup-structure rules.
import type { ConfigModel, NamedEntry, SpecRef, Str } from "../model.ts";
import type { DocNode } from "../doc.ts";
import { member } from "../doc.ts";
import { doc, get, serviceBody, storeBody } from "../typed.ts";

/** The entry NativeLink's StoreManager holds for each name: the first one (a second one stops startup). */
export function storeTable(model: ConfigModel): Map<string, NamedEntry> {
  const out = new Map<string, NamedEntry>();
  for (const s of model.stores) {
    if (s.name && !s.name.unknown && !out.has(s.name.value)) out.set(s.name.value, s);
  }
  return out;
}

/**
 * The names a reference to `stores` or `schedulers` can resolve to: the entries' names in the list
 * form; the keys of the map form of releases before v0.7.0, where the names are written (that config
 * fails to load anyway, and a second finding for each reference would only repeat it); none when
 * schedulers (which NativeLink may go without) is absent. Undefined where no name can be judged
 * missing, because the list's own finding is the mistake: stores absent (a required key) or either
 * list written under a misspelt key (`misspelt`), a value that is neither form, or an object entry
 * whose name is not there to read (no name key, or not a string).
 */
export function definedNames(model: ConfigModel, list: "stores" | "schedulers", misspelt = false): string[] | undefined {
  const node = get(doc(model.root), list);
  if (misspelt && (!node || node.kind === "null")) return undefined;
  if (!node || node.kind === "null") return list === "stores" ? undefined : [];
  if (node.kind === "object") return node.members.map((m) => m.key);
  if (node.kind !== "array") return undefined;
  const entries = list === "stores" ? model.stores : model.schedulers;
  const names: string[] = [];
  for (const e of entries) {
    // Only an object can be the store that was meant (a null entry is a type error of its own).
    if (e.node.kind !== "object") continue;
    if (member(e.node, "name")?.kind !== "string") return undefined;
    if (e.name !== undefined) names.push(e.name.value);
  }
  return names;
}

/** The store name a ref_store spec points at, when it is known. */
export function refTarget(model: ConfigModel, spec: SpecRef): Str | undefined {
  const s = model.str(get(storeBody(spec, "ref_store"), "name"));
  return s && !s.unknown ? s : undefined;
}

export interface Resolved {
  /** The spec a downcast finds: the first one that is not a ref_store. */
  spec: SpecRef;
  /** Top-level store names followed to get there, the named one first. */
  via: string[];
}

export interface StoreResolver {
  /**
   * Follows a top-level store name through ref_store entries, the way `Store::downcast_ref` reaches
   * the store behind a RefStore (`inner_store` delegates only for ref_store). Undefined when a name is
   * missing, a spec is unreadable, or the chain loops.
   */
  store(name: string): Resolved | undefined;
  /** Resolves a spec at any depth: itself, or through its ref_store chain. */
  spec(spec: SpecRef): Resolved | undefined;
}

/**
 * Resolution for one rule run, for rules that resolve a name per worker or per service entry: each
 * store's chain is followed once, its end kept for every name on it, and `via` is spelled out only
 * when read (a message that lists the chain). Make one per run: it holds no more than that run's model.
 */
export function storeResolver(model: ConfigModel, table = storeTable(model)): StoreResolver {
  // Each name followed so far: the spec its chain ends at, or null when it ends nowhere.
  const ends = new Map<string, SpecRef | null>();
  const end = (name: string): SpecRef | undefined => {
    const walked: string[] = [];
    const onWalk = new Set<string>();
    let n = name;
    let found: SpecRef | null | undefined;
    // Every name a chain passes ends where the chain does: at a spec, or nowhere (a name that is
    // missing or unreadable, or one walked already, which is a loop).
    while ((found = ends.get(n)) === undefined) {
      if (onWalk.has(n)) {
        found = null;
        break;
      }
      walked.push(n);
      onWalk.add(n);
      const s = table.get(n)?.spec;
      const target = s?.kind === "ref_store" ? refTarget(model, s) : undefined;
      if (!s || s.kind !== "ref_store" || !target) {
        found = s && s.kind !== "ref_store" ? s : null;
        break;
      }
      n = target.value;
    }
    for (const n of walked) ends.set(n, found);
    return found ?? undefined;
  };
  /** The names from `name` to its chain's end, which `end` has found. */
  const chain = (name: string): string[] => {
    const via = [name];
    for (let s = table.get(name)!.spec!; s.kind === "ref_store"; ) {
      const next = refTarget(model, s)!.value;
      via.push(next);
      s = table.get(next)!.spec!;
    }
    return via;
  };
  const store = (name: string): Resolved | undefined => {
    const spec = end(name);
    if (!spec) return undefined;
    let via: string[] | undefined;
    return {
      spec,
      get via() {
        return (via ??= chain(name));
      },
    };
  };
  return {
    store,
    spec(spec) {
      if (spec.kind !== "ref_store") return { spec, via: [] };
      const target = refTarget(model, spec);
      return target ? store(target.value) : undefined;
    },
  };
}

/** The nested spec under `key` of a composite spec (e.g. "fast" of fast_slow). */
export function childSpec(spec: SpecRef, key: string): SpecRef | undefined {
  return spec.children.find((c) => c.path[spec.path.length] === key);
}

/** Every ref_store spec inside a spec tree, the spec itself included. */
export function refSpecsWithin(spec: SpecRef): SpecRef[] {
  const out: SpecRef[] = [];
  const walk = (s: SpecRef) => {
    if (s.kind === "ref_store") out.push(s);
    s.children.forEach(walk);
  };
  walk(spec);
  return out;
}

const WRAPPERS = new Set(["cache_lookup", "property_modifier", "historical_resource"]);

/** The scheduler a spec ends in after cache_lookup/property_modifier/historical_resource wrappers. */
export function innermostScheduler(spec: SpecRef | undefined): SpecRef | undefined {
  let s = spec;
  while (s && WRAPPERS.has(s.kind)) s = childSpec(s, "scheduler");
  return s;
}

/** Kinds from the outer spec down to its innermost scheduler, e.g. ["cache_lookup", "grpc"]. */
export function schedulerChain(spec: SpecRef | undefined): string[] {
  const out: string[] = [];
  let s = spec;
  while (s) {
    out.push(s.kind);
    s = WRAPPERS.has(s.kind) ? childSpec(s, "scheduler") : undefined;
  }
  return out;
}

/** A JSON5 integer literal as NativeLink reads it (decimal or hex), or undefined. */
export function integerOf(node: DocNode | undefined): bigint | undefined {
  if (!node || node.kind !== "number" || !node.integer) return undefined;
  const t = node.text.replace(/^\+/, "");
  try {
    return t.startsWith("-") ? -BigInt(t.slice(1)) : BigInt(t);
  } catch {
    return undefined;
  }
}

/** `1:5`-style position of a node, for messages that point at an earlier definition. */
/** Each named entry whose name an earlier entry already has, paired with that first entry. */
export function* repeatedNames(entries: readonly NamedEntry[]): Generator<{ entry: NamedEntry & { name: Str }; first: NamedEntry & { name: Str } }> {
  const first = new Map<string, NamedEntry & { name: Str }>();
  for (const e of entries) {
    if (!e.name || e.name.unknown) continue;
    const named = e as NamedEntry & { name: Str };
    const earlier = first.get(named.name.value);
    if (earlier) yield { entry: named, first: earlier };
    else first.set(named.name.value, named);
  }
}

export function position(node: DocNode): string {
  return `${node.span.line}:${node.span.column}`;
}

export type SchedulerUser = "execution" | "capabilities" | "worker_api";

export interface SchedulerRef {
  str: Str;
  user: SchedulerUser;
  /** The field, as it reads in messages. */
  field: string;
}

/** Every service field that names a scheduler (NativeLink expands them; scheduler names are literal). */
export function schedulerReferences(model: ConfigModel): SchedulerRef[] {
  const out: SchedulerRef[] = [];
  for (const server of model.servers) {
    for (const s of server.services ?? []) {
      let str: Str | undefined;
      let label = "";
      if (s.service === "execution") {
        str = model.str(get(serviceBody(s, "execution"), "scheduler"));
        label = "execution scheduler";
      } else if (s.service === "capabilities") {
        str = model.str(get(get(serviceBody(s, "capabilities"), "remote_execution"), "scheduler"));
        label = "capabilities remote_execution.scheduler";
      } else if (s.service === "worker_api") {
        str = model.str(get(serviceBody(s, "worker_api"), "scheduler"));
        label = "worker_api scheduler";
      }
      if (str && !str.unknown) out.push({ str, user: s.service as SchedulerUser, field: label });
    }
  }
  return out;
}

/** NativeLink's message when a service's scheduler is not in the map it looks in. */
export function schedulerMissingMessage(name: string, user: SchedulerUser): string {
  return `Scheduler needs config for '${name}' because it exists in ${user}`;
}

/** Names of the schedulers that register a worker side: those whose innermost scheduler is `simple`. */
export function workerSchedulerNames(model: ConfigModel): Set<string> {
  const out = new Set<string>();
  for (const s of model.schedulers) {
    if (s.name && !s.name.unknown && innermostScheduler(s.spec)?.kind === "simple") out.add(s.name.value);
  }
  return out;
}
