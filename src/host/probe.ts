// The only reader of the host for --on-host: /proc, /sys, the file system's metadata and the network
// interfaces, read-only and bounded, each answer kept for the run. Nothing is written, created, bound,
// opened for writing or executed. Tests point `proc` at a directory of their own (or at one that does
// not exist, to see every check say it could not look).
import { lstatSync, opendirSync, readFileSync, readlinkSync, readdirSync, statSync, statfsSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";

/** What is known about one path, from lstat/stat: never its contents. */
export interface PathStat {
  kind: "dir" | "file" | "link" | "other";
  mode: number;
  uid: number;
  gid: number;
  dev: number;
  atimeMs: number;
  /** Set when the path is a symbolic link: what it points at (followed for everything else). */
  linkTarget?: string;
}

export interface DirSample {
  /** Entries in the order the directory gives them, at most `limit`. */
  entries: { name: string; utf8: boolean; kind: PathStat["kind"] | "gone"; atimeMs?: number; size?: number; raw?: Buffer }[];
  /** More entries exist than were read. */
  truncated: boolean;
}

export interface FsSpace {
  /** Bytes an unprivileged user may still write (f_bavail × f_bsize). */
  free: number;
  total: number;
}

export interface Mount {
  mountPoint: string;
  fsType: string;
  options: string[];
}

export interface TcpListen {
  family: 4 | 6;
  /** The address as /proc shows it, in the usual text form. */
  ip: string;
  port: number;
  inode: number;
}

export interface ProbeRoots {
  /** Where procfs is mounted (default /proc). */
  proc: string;
  /** Where sysfs is mounted (default /sys). */
  sys: string;
  /** Where the account files are (default /etc). */
  etc: string;
}

export const REAL_ROOTS: ProbeRoots = { proc: "/proc", sys: "/sys", etc: "/etc" };

/** Bounds, so a huge directory or process table cannot stall the check. */
export const LIMITS = { dirEntries: 2000, statsPerDir: 100, procPids: 4096, fdsPerPid: 4096 };

const MAX_TEXT = 4 * 1024 * 1024;

export class HostProbe {
  private memo = new Map<string, unknown>();
  constructor(readonly roots: ProbeRoots = REAL_ROOTS) {}

  private once<T>(key: string, f: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = f();
    this.memo.set(key, v);
    return v;
  }

  /** A small text file of procfs (undefined when it is not there or not readable). */
  procText(rel: string): string | undefined {
    return this.text(join(this.roots.proc, rel));
  }

  /** A small text file of sysfs. */
  sysText(rel: string): string | undefined {
    return this.text(join(this.roots.sys, rel));
  }

  /** An account file (passwd, group). */
  etcText(rel: string): string | undefined {
    return this.text(join(this.roots.etc, rel));
  }

  private text(path: string): string | undefined {
    return this.once(`text:${path}`, () => {
      try {
        const b = readFileSync(path);
        return b.length > MAX_TEXT ? b.subarray(0, MAX_TEXT).toString("utf8") : b.toString("utf8");
      } catch {
        return undefined;
      }
    });
  }

  /** A sysctl value, by dotted name (net.ipv4.ip_unprivileged_port_start). */
  sysctl(name: string): string | undefined {
    const t = this.procText(`sys/${name.replace(/\./g, "/")}`);
    return t === undefined ? undefined : t.trim();
  }

  /** Every listening TCP socket /proc/net shows, or undefined when neither table can be read. */
  tcpListeners(): TcpListen[] | undefined {
    return this.once("tcp", () => {
      const v4 = this.procText("net/tcp");
      const v6 = this.procText("net/tcp6");
      if (v4 === undefined && v6 === undefined) return undefined;
      return [...parseProcNetTcp(v4 ?? "", 4), ...parseProcNetTcp(v6 ?? "", 6)];
    });
  }

  /** The process holding each socket inode, where /proc/<pid>/fd is visible to this process. */
  socketOwners(inodes: number[]): Map<number, { pid: number; comm: string }> {
    if (inodes.length === 0) return new Map();
    const key = `owners:${[...inodes].sort().join(",")}`;
    return this.once(key, () => {
      const want = new Set(inodes);
      const out = new Map<number, { pid: number; comm: string }>();
      let pids: string[];
      try {
        pids = readdirSync(this.roots.proc).filter((d) => /^\d+$/.test(d)).slice(0, LIMITS.procPids);
      } catch {
        return out;
      }
      for (const pid of pids) {
        if (out.size === want.size) break;
        let fds: string[];
        try {
          fds = readdirSync(join(this.roots.proc, pid, "fd")).slice(0, LIMITS.fdsPerPid);
        } catch {
          continue;
        }
        for (const fd of fds) {
          let link: string;
          try {
            link = readlinkSync(join(this.roots.proc, pid, "fd", fd));
          } catch {
            continue;
          }
          const m = /^socket:\[(\d+)\]$/.exec(link);
          if (!m || !want.has(Number(m[1])) || out.has(Number(m[1]))) continue;
          const comm = (this.procText(`${pid}/comm`) ?? "").trim();
          out.set(Number(m[1]), { pid: Number(pid), comm });
        }
      }
      return out;
    });
  }

  /** Addresses of this host's interfaces (os.networkInterfaces, i.e. getifaddrs). */
  interfaceAddresses(): { family: 4 | 6; address: string }[] {
    return this.once("ifaddrs", () => {
      const out: { family: 4 | 6; address: string }[] = [];
      try {
        for (const list of Object.values(networkInterfaces())) {
          for (const a of list ?? []) out.push({ family: a.family === "IPv6" ? 6 : 4, address: a.address.replace(/%.*$/, "") });
        }
      } catch {
        // no interface list: the caller sees none
      }
      return out;
    });
  }

  /** lstat, and stat through a link; undefined with the errno code when the path cannot be looked at. */
  stat(path: string): PathStat | { error: string } {
    return this.once(`stat:${path}`, () => {
      try {
        const l = lstatSync(path);
        if (l.isSymbolicLink()) {
          let target = "";
          try {
            target = readlinkSync(path);
          } catch {
            // unreadable link: still a link
          }
          try {
            const s = statSync(path);
            return { ...toStat(s), linkTarget: target };
          } catch {
            return { ...toStat(l), kind: "link" as const, linkTarget: target };
          }
        }
        return toStat(l);
      } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code ?? "EIO" };
      }
    });
  }

  /** The first entries of a directory, names as raw bytes (a name that is not UTF-8 is kept as such). */
  sampleDir(path: string, limit = LIMITS.dirEntries): DirSample | { error: string } {
    return this.once(`dir:${path}:${limit}`, () => {
      let dir;
      try {
        dir = opendirSync(path, { encoding: "buffer" as BufferEncoding, bufferSize: 256 });
      } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code ?? "EIO" };
      }
      const entries: DirSample["entries"] = [];
      let truncated = false;
      try {
        for (;;) {
          const ent = dir.readSync();
          if (!ent) break;
          if (entries.length >= limit) {
            truncated = true;
            break;
          }
          const raw = ent.name as unknown as Buffer;
          const utf8 = isUtf8(raw);
          const name = utf8 ? raw.toString("utf8") : raw.toString("latin1");
          let kind: DirSample["entries"][number]["kind"] = ent.isDirectory() ? "dir" : ent.isFile() ? "file" : ent.isSymbolicLink() ? "link" : "other";
          let atimeMs: number | undefined;
          let size: number | undefined;
          // Names are checked for every entry read; times and sizes for the first statsPerDir.
          if (entries.length < LIMITS.statsPerDir) {
            try {
              const s = lstatSync(Buffer.concat([Buffer.from(path + "/"), raw]));
              kind = toStat(s).kind;
              atimeMs = s.atimeMs;
              size = s.size;
            } catch {
              kind = "gone"; // removed while we looked
            }
          }
          entries.push({ name, utf8, kind, atimeMs, size, ...(utf8 ? {} : { raw: Buffer.from(raw) }) });
        }
      } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code ?? "EIO" };
      } finally {
        try {
          dir.closeSync();
        } catch {
          // already closed
        }
      }
      return { entries, truncated };
    });
  }

  /** Free and total bytes of the file system holding `path` (statfs), or undefined. */
  space(path: string): FsSpace | undefined {
    return this.once(`statfs:${path}`, () => {
      try {
        const s = statfsSync(path);
        return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
      } catch {
        return undefined;
      }
    });
  }

  /** The mount table of this process's mount namespace, or undefined without procfs. */
  mounts(): Mount[] | undefined {
    return this.once("mounts", () => {
      const t = this.procText("self/mountinfo");
      return t === undefined ? undefined : parseMountinfo(t);
    });
  }
}

function toStat(s: import("node:fs").Stats): PathStat {
  const kind = s.isDirectory() ? "dir" : s.isFile() ? "file" : s.isSymbolicLink() ? "link" : "other";
  return { kind, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, dev: s.dev, atimeMs: s.atimeMs };
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Rows of /proc/net/tcp or tcp6 in state 0A (LISTEN). Addresses are little-endian 32-bit words. */
export function parseProcNetTcp(text: string, family: 4 | 6): TcpListen[] {
  const out: TcpListen[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== "0A") continue;
    const [hexIp, hexPort] = f[1]!.split(":");
    if (!hexIp || !hexPort) continue;
    const words = hexIp.match(/.{8}/g) ?? [];
    const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((x) => parseInt(x, 16)));
    let ip: string;
    if (family === 4) ip = bytes.join(".");
    else {
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
      ip = groups.join(":");
    }
    out.push({ family, ip, port: parseInt(hexPort, 16), inode: Number(f[9]) });
  }
  return out;
}

/** /proc/self/mountinfo: mount point (field 5, octal escapes undone), options, and the type after " - ". */
export function parseMountinfo(text: string): Mount[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: Mount[] = [];
  for (const line of text.split("\n")) {
    const [left, right] = line.split(" - ");
    if (!left || !right) continue;
    const f = left.split(" ");
    const r = right.split(" ");
    if (f.length < 6) continue;
    out.push({ mountPoint: unescape(f[4]!), fsType: r[0] ?? "", options: [...f[5]!.split(","), ...(r[2] ?? "").split(",")] });
  }
  return out;
}

/** The hard and soft "Max open files" of /proc/<pid>/limits ("unlimited" is Infinity). */
export function parseNofile(text: string): { soft: number; hard: number } | undefined {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!m) return undefined;
  const n = (s: string) => (s === "unlimited" ? Infinity : Number(s));
  return { soft: n(m[1]!), hard: n(m[2]!) };
}
