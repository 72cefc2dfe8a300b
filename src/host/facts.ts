// Facts about the target host for --on-host, gathered once per config in one place before the rules
// run, for exactly what the config's host plan names (src/host/plan.ts). Rules only judge these
// facts; they never touch the disk. Every read goes through the run's HostProbe (src/host/probe.ts).
import { dirname, join, resolve, sep } from "node:path";
import type { RuleContext } from "../context.ts";
import type { HostUser } from "../host-users.ts";
import type { EnvLookup } from "../values/index.ts";
import { LIMITS, parseNofile, type DirSample, type FsSpace, type HostProbe, type Mount, type PathStat } from "./probe.ts";
import { hostPlan, type HostPlan } from "./plan.ts";
import type { SystemdUnit } from "./systemd.ts";

export interface PathFacts {
  path: string;
  /** The path itself, or the errno code of looking at it (ENOENT: it does not exist). */
  stat: PathStat | { error: string };
  /** Every ancestor from / down to the deepest existing one, with its stat. */
  ancestors: { path: string; stat: PathStat }[];
  /** The deepest existing path among the path and its ancestors. */
  existing?: { path: string; stat: PathStat };
  /** Free space of the file system holding `existing`. */
  space?: FsSpace;
  /** The mount holding `existing` (longest mount point that is a prefix). */
  mount?: Mount;
  /** Mount points strictly inside the path (a worker's work_directory cannot be removed over them). */
  mountsInside: string[];
  /** For a work_directory that exists: the directories inside it (bounded), which removing it must empty. */
  tree?: { dirs: { path: string; stat: PathStat; empty?: boolean }[]; truncated: boolean; rootEmpty?: boolean };
}

export interface CacheFacts {
  /** content_path, content_path/d and content_path/s: a bounded sample of each listing. */
  listings: { dir: string; sample: DirSample | { error: string } }[];
  /** temp_path/d and temp_path/s. */
  tempListings: { dir: string; sample: DirSample | { error: string } }[];
  /** `{content_path}.exec`, which NativeLink clears and recreates. */
  execDir: PathFacts;
}

export interface TargetFacts {
  plan: HostPlan;
  user: HostUser;
  /** The user's home directory from the account files, when known. */
  home?: string;
  platform: NodeJS.Platform;
  /** When the facts were gathered (judging access times "in the future"). */
  nowMs: number;
  paths: Map<string, PathFacts>;
  caches: Map<string, CacheFacts>;
  /** Listening TCP sockets; undefined when /proc/net/tcp{,6} cannot be read. */
  listeners?: { family: 4 | 6; ip: string; port: number; owner?: { pid: number; comm: string } }[];
  interfaceAddresses: { family: 4 | 6; address: string }[];
  sysctl: Record<string, string | undefined>;
  /** Open-file limits NativeLink would start with, and where they come from. */
  nofile?: { soft: number; hard: number; from: string };
  /** This process's capability bounding set (what root keeps across exec). */
  capBnd?: bigint;
  unit?: SystemdUnit & { path: string };
  /** Where rustls-native-certs would find a trust store, and what it looked at. */
  trustStore: { found?: string; foundStat?: PathStat; looked: string[]; fromEnv?: string };
  /** /sys/class/dmi/id/product_name names Google Compute Engine (the metadata server answers there). */
  onGce: boolean;
  /** Files that exist: gcloud's application default credentials, the Azure federated token file. */
  existing: Set<string>;
  /** Mount namespaces of this process are visible (procfs present). */
  procAvailable: boolean;
}

export interface GatherOptions {
  probe: HostProbe;
  user: HostUser;
  env: EnvLookup;
  /** --systemd-unit FILE, already read. */
  unit?: SystemdUnit & { path: string };
  nowMs: number;
}

/** SYSCTL names the host rules read. */
export const SYSCTLS = [
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_nonlocal_bind",
  "net.ipv6.ip_nonlocal_bind",
  "net.ipv6.conf.all.disable_ipv6",
  "net.ipv6.bindv6only",
  "user.max_user_namespaces",
  "kernel.unprivileged_userns_clone",
  "kernel.apparmor_restrict_unprivileged_userns",
];

/**
 * Where rustls-native-certs (through openssl-probe) looks for a trust store on Linux when neither
 * SSL_CERT_FILE nor SSL_CERT_DIR is set: these files under these directories.
 */
const CERT_DIRS = ["/var/ssl", "/usr/share/ssl", "/usr/local/ssl", "/usr/local/openssl", "/usr/local/etc/openssl", "/usr/local/share", "/usr/lib/ssl", "/usr/ssl", "/etc/openssl", "/etc/pki/ca-trust/extracted/pem", "/etc/pki/tls", "/etc/ssl", "/etc/certs", "/opt/etc/ssl"];
const CERT_FILES = ["cert.pem", "certs.pem", "ca-bundle.pem", "cacert.pem", "ca-certificates.crt", "certs/ca-certificates.crt", "certs/ca-root-nss.crt", "certs/ca-bundle.crt", "CARootCertificates.pem", "tls-ca-bundle.pem"];

export function gatherTargetFacts(ctx: RuleContext, o: GatherOptions): TargetFacts {
  const plan = hostPlan(ctx);
  const probe = o.probe;
  const procAvailable = probe.procText("self/status") !== undefined;
  const mounts = probe.mounts();
  const paths = new Map<string, PathFacts>();
  const walked = walkedFrom(probe);
  const pathFacts = (p: string): PathFacts => {
    let f = paths.get(p);
    if (!f) paths.set(p, (f = gatherPath(probe, p, mounts, walked)));
    return f;
  };
  const caches = new Map<string, CacheFacts>();
  for (const s of plan.fsStores) {
    for (const p of [s.temp.path, s.content.path]) for (const sub of ["", "/s", "/d"]) pathFacts(p + sub);
    pathFacts(`${s.content.path}.exec/d`);
    if (!caches.has(s.content.path + "\0" + s.temp.path)) {
      const listings = [s.content.path, join(s.content.path, "d"), join(s.content.path, "s")].map((dir) => ({ dir, sample: probe.sampleDir(dir) }));
      const tempListings = [join(s.temp.path, "d"), join(s.temp.path, "s")].map((dir) => ({ dir, sample: probe.sampleDir(dir) }));
      caches.set(s.content.path + "\0" + s.temp.path, { listings, tempListings, execDir: pathFacts(`${s.content.path}.exec`) });
    }
  }
  for (const w of plan.workers) {
    if (w.workDir) {
      const f = pathFacts(w.workDir.path);
      if (!("error" in f.stat) && f.stat.kind === "dir" && !f.tree) f.tree = walkDirs(probe, f.path);
    }
    for (const c of w.commands) {
      if (c.path) pathFacts(c.path);
      else for (const dir of c.searchPath ?? []) pathFacts(join(dir, c.program));
    }
  }

  let listeners: TargetFacts["listeners"];
  if (plan.listeners.length > 0) {
    const raw = probe.tcpListeners();
    if (raw) {
      const owners = probe.socketOwners(raw.filter((l) => plan.listeners.some((p) => p.addr.port === l.port)).map((l) => l.inode));
      listeners = raw.map((l) => ({ family: l.family, ip: l.ip, port: l.port, owner: owners.get(l.inode) }));
    }
  }

  const sysctl: Record<string, string | undefined> = {};
  for (const name of SYSCTLS) sysctl[name] = probe.sysctl(name);

  const limits = probe.procText("self/limits");
  const own = limits ? parseNofile(limits) : undefined;
  let nofile: TargetFacts["nofile"] = own ? { ...own, from: "this shell's limits in /proc/self/limits, which a NativeLink started from it inherits" } : undefined;
  if (o.unit?.limitNofile) nofile = { ...o.unit.limitNofile, from: `LimitNOFILE= in ${o.unit.path}` };

  const status = probe.procText("self/status");
  const bnd = status ? /^CapBnd:\s*([0-9a-f]+)/m.exec(status) : undefined;

  const existing = new Set<string>();
  const home = homeOf(probe, o.user);
  const checkExists = (p: string | undefined) => {
    if (!p) return;
    const st = probe.stat(p);
    if (!("error" in st)) existing.add(p);
  };
  if (plan.cloud.length > 0) {
    if (home) checkExists(join(home, ".config/gcloud/application_default_credentials.json"));
    checkExists(o.env.get("GOOGLE_APPLICATION_CREDENTIALS"));
    checkExists(o.env.get("AZURE_FEDERATED_TOKEN_FILE"));
  }
  const product = plan.cloud.length > 0 ? probe.sysText("class/dmi/id/product_name")?.trim() : undefined;

  return {
    plan,
    user: o.user,
    home,
    platform: process.platform,
    nowMs: o.nowMs,
    paths,
    caches,
    listeners,
    interfaceAddresses: plan.listeners.length > 0 ? probe.interfaceAddresses() : [],
    sysctl,
    nofile,
    capBnd: bnd?.[1] === undefined ? undefined : BigInt(`0x${bnd[1]}`),
    unit: o.unit,
    trustStore: plan.nativeRoots.length + plan.ontapNativeRoots.length > 0 ? trustStore(probe, o.env, ctx.options.cwd) : { looked: [] },
    onGce: product !== undefined && /Google/i.test(product),
    existing,
    procAvailable,
  };
}


function homeOf(probe: HostProbe, user: HostUser): string | undefined {
  const passwd = probe.etcText("passwd");
  if (!passwd || user.uid === undefined) return undefined;
  for (const line of passwd.split("\n")) {
    const f = line.split(":");
    if (f.length >= 6 && (f[0] === user.name || Number(f[2]) === user.uid)) return f[5];
  }
  return undefined;
}

/**
 * The stats of the paths gathered so far, as a tree of their components from the root, one per run's
 * probe. A path's ancestors are found by their components: looking each ancestor up by its whole
 * path (and unshifting it onto a list) cost the square of a deep path's length, for every path.
 */
interface Walked {
  stat?: PathStat | { error: string };
  below?: Map<string, Walked>;
}

const walkedByProbe = new WeakMap<HostProbe, Walked>();

function walkedFrom(probe: HostProbe): Walked {
  let w = walkedByProbe.get(probe);
  if (!w) walkedByProbe.set(probe, (w = {}));
  return w;
}

function gatherPath(probe: HostProbe, path: string, mounts: Mount[] | undefined, walked: Walked): PathFacts {
  const abs = resolve(path);
  const stat = probe.stat(abs);
  // The path and its ancestors up to the root, deepest first.
  const chain: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    chain.push(p);
    if (p === dirname(p)) break;
  }
  const ancestors: PathFacts["ancestors"] = [];
  let existing: PathFacts["existing"];
  let node = walked;
  for (let i = chain.length - 1; i >= 0; i--) {
    const p = chain[i]!;
    // The root, then what each path adds to its parent ("a" below "/", "/b" below "/a").
    const step = i === chain.length - 1 ? p : p.slice(chain[i + 1]!.length);
    let next = node.below?.get(step);
    if (!next) (node.below ??= new Map<string, Walked>()).set(step, (next = {}));
    node = next;
    const st = (node.stat ??= probe.stat(p));
    if ("error" in st) break;
    if (p !== abs) ancestors.push({ path: p, stat: st });
    existing = { path: p, stat: st };
    if (st.kind !== "dir") break;
  }
  const mount = existing && mounts ? mountOf(mounts, existing.path) : undefined;
  const inside = (mounts ?? []).map((m) => m.mountPoint).filter((m) => m.startsWith(abs === sep ? sep : abs + sep));
  return { path: abs, stat, ancestors, existing, space: existing ? probe.space(existing.path) : undefined, mount, mountsInside: inside };
}

/** Directories under `root`, breadth first, at most LIMITS.dirEntries entries looked at in all. */
function walkDirs(probe: HostProbe, root: string): NonNullable<PathFacts["tree"]> {
  const dirs: { path: string; stat: PathStat; empty?: boolean }[] = [];
  const byPath = new Map<string, { empty?: boolean }>();
  const top: { empty?: boolean } = {};
  byPath.set(root, top);
  const queue = [root];
  let budget = LIMITS.dirEntries;
  let truncated = false;
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const sample = probe.sampleDir(dir, budget);
    if ("error" in sample) continue;
    byPath.get(dir)!.empty = sample.entries.length === 0 && !sample.truncated;
    budget -= sample.entries.length;
    if (sample.truncated || budget <= 0) truncated = true;
    for (const e of sample.entries) {
      if (e.kind !== "dir" || !e.utf8) continue;
      const p = join(dir, e.name);
      const st = probe.stat(p);
      if ("error" in st) continue;
      const d: { path: string; stat: PathStat; empty?: boolean } = { path: p, stat: st };
      dirs.push(d);
      byPath.set(p, d);
      queue.push(p);
    }
    if (truncated) break;
  }
  return { dirs, truncated, rootEmpty: top.empty };
}

export function mountOf(mounts: Mount[], path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const p = m.mountPoint;
    if ((path === p || path.startsWith(p === sep ? sep : p + sep)) && (!best || p.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

function trustStore(probe: HostProbe, env: EnvLookup, cwd: string): TargetFacts["trustStore"] {
  const file = env.get("SSL_CERT_FILE") ? resolve(cwd, env.get("SSL_CERT_FILE")!) : undefined;
  const dir = env.get("SSL_CERT_DIR")?.split(":").filter(Boolean).map((d) => resolve(cwd, d)).join(":");
  if (file || dir) {
    const looked = [file, ...(dir ?? "").split(":")].filter((x): x is string => Boolean(x));
    const found = looked.find((p) => {
      const st = probe.stat(p);
      if ("error" in st) return false;
      if (st.kind === "file") return true;
      const s = probe.sampleDir(p, 50);
      return !("error" in s) && s.entries.some((e) => e.kind === "file" || e.kind === "link");
    });
    const st = found ? probe.stat(found) : undefined;
    return { found, foundStat: st && !("error" in st) ? st : undefined, looked, fromEnv: file ? "SSL_CERT_FILE" : "SSL_CERT_DIR" };
  }
  const looked: string[] = [];
  for (const d of CERT_DIRS) {
    for (const f of CERT_FILES) {
      const p = join(d, f);
      looked.push(p);
      const st = probe.stat(p);
      if (!("error" in st) && st.kind === "file") return { found: p, foundStat: st, looked };
    }
  }
  return { looked };
}
