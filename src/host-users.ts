// Resolves the user NativeLink runs as (--run-as) from the host's account files, so rules can tell
// whether that user can read a file. The engine reads /etc/passwd and /etc/group once per run.
import { readRegularFile } from "./read-bounded.ts";

/** Account files are rarely over a megabyte; a bigger one is not read. */
const MAX_ACCOUNT_FILE_BYTES = 16 * 1024 * 1024;

export interface HostUser {
  name: string;
  /** False when the name is not in the account files; uid and gids are then unknown. */
  found: boolean;
  uid?: number;
  /** Primary group and every supplementary group. */
  gids: number[];
}

export function parsePasswd(text: string): Map<string, { uid: number; gid: number }> {
  const out = new Map<string, { uid: number; gid: number }>();
  for (const line of text.split("\n")) {
    const [name, , uidText, gidText] = line.split(":");
    if (gidText === undefined || name === undefined || line.startsWith("#")) continue;
    const uid = Number(uidText);
    const gid = Number(gidText);
    if (Number.isInteger(uid) && Number.isInteger(gid)) out.set(name, { uid, gid });
  }
  return out;
}

export function parseGroup(text: string): { gid: number; members: string[] }[] {
  const out: { gid: number; members: string[] }[] = [];
  for (const line of text.split("\n")) {
    const [, , gidText, members] = line.split(":");
    if (members === undefined || line.startsWith("#")) continue;
    const gid = Number(gidText);
    if (Number.isInteger(gid)) out.push({ gid, members: members.split(",").filter(Boolean) });
  }
  return out;
}

/** `name` may be a user name or a numeric uid. */
export function resolveUser(name: string, passwd: string, group: string): HostUser {
  const users = parsePasswd(passwd);
  let entry = users.get(name);
  let userName = name;
  if (!entry && /^\d+$/.test(name)) {
    for (const [n, u] of users) {
      if (u.uid !== Number(name)) continue;
      entry = u;
      userName = n;
    }
    if (!entry) return { name, found: true, uid: Number(name), gids: [] };
  }
  if (!entry) return { name, found: false, gids: [] };
  const gids = new Set([entry.gid]);
  for (const g of parseGroup(group)) if (g.members.includes(userName)) gids.add(g.gid);
  return { name, found: true, uid: entry.uid, gids: [...gids] };
}

export function readHostUser(name: string): HostUser {
  const read = (p: string) => {
    const r = readRegularFile(p, MAX_ACCOUNT_FILE_BYTES);
    return r.ok ? r.bytes.toString("utf8") : "";
  };
  return resolveUser(name, read("/etc/passwd"), read("/etc/group"));
}

/** Whether a user can read a file with this mode and owner (root reads everything). */
export function canRead(user: HostUser, mode: number, uid: number | undefined, gid: number | undefined): boolean | undefined {
  if (!user.found || user.uid === undefined) return undefined;
  if (user.uid === 0) return true;
  if (uid !== undefined && user.uid === uid) return (mode & 0o400) !== 0;
  if (gid !== undefined && user.gids.includes(gid)) return (mode & 0o040) !== 0;
  return (mode & 0o004) !== 0;
}
