// experimental_mongo: the server answers `hello` (one OP_MSG, BSON by hand), read-only. NativeLink's
// first act with the server is creating the CAS size index (mongo_store.rs:255-263): that fails when
// no server answers within connection_timeout_ms.
import { resolveSrv } from "node:dns/promises";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { DeployedConfig } from "../context.ts";
import { get, storeBody } from "../typed.ts";
import { mongoConnectionStringError } from "../facts/stores.ts";
import type { Report } from "../types.ts";
import type { Job } from "./index.ts";
import type { NetworkCheckId } from "./ids.ts";
import { attemptsText, dnsWords } from "./findings.ts";
import { type Attempt, type Deadline, connectTcp, dialPort, remaining, resolveHost, withDeadline } from "./net.ts";

type Out = Report & { id: NetworkCheckId };

/** `{ hello: 1, $db: "admin" }` as BSON. */
export function helloDoc(): Buffer {
  const parts = [Buffer.from([0x10]), Buffer.from("hello\0"), int32(1), Buffer.from([0x02]), Buffer.from("$db\0"), int32(6), Buffer.from("admin\0")];
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  return Buffer.concat([int32(body.length + 4), body]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

/** An OP_MSG (opcode 2013) with one body section. */
export function opMsg(doc: Buffer, requestId = 1): Buffer {
  const header = Buffer.alloc(16);
  const len = 16 + 4 + 1 + doc.length;
  header.writeInt32LE(len, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, int32(0), Buffer.from([0]), doc]);
}

/** The top-level scalar fields of a BSON document (numbers, booleans, strings); nested values are skipped. */
export function bsonTop(b: Buffer): Record<string, number | boolean | string | null> {
  const out: Record<string, number | boolean | string | null> = {};
  let i = 4;
  const end = b.readInt32LE(0) - 1;
  while (i < end) {
    const type = b[i++]!;
    const z = b.indexOf(0, i);
    const key = b.toString("utf8", i, z);
    i = z + 1;
    switch (type) {
      case 0x01: out[key] = b.readDoubleLE(i); i += 8; break;
      case 0x02: { const n = b.readInt32LE(i); out[key] = b.toString("utf8", i + 4, i + 4 + n - 1); i += 4 + n; break; }
      case 0x03: case 0x04: i += b.readInt32LE(i); break;
      case 0x05: i += 5 + b.readInt32LE(i); break;
      case 0x07: i += 12; break;
      case 0x08: out[key] = b[i] === 1; i += 1; break;
      case 0x0a: out[key] = null; break;
      case 0x10: out[key] = b.readInt32LE(i); i += 4; break;
      case 0x09: case 0x11: case 0x12: i += 8; break;
      case 0x13: i += 16; break;
      default: return out;
    }
  }
  return out;
}

interface MongoTarget {
  hosts: { host: string; port: number }[];
  srv?: string;
  tls: boolean;
  credentials: boolean;
}

/** The hosts of a mongodb:// or mongodb+srv:// string (the static rule judges its syntax). */
export function mongoTarget(s: string): MongoTarget | undefined {
  const m = /^mongodb(\+srv)?:\/\/(?:([^@/]*)@)?([^/?]*)(?:\/[^?]*)?(?:\?(.*))?$/.exec(s);
  if (!m) return undefined;
  const opts = new URLSearchParams(m[4] ?? "");
  const tlsOpt = opts.get("tls") ?? opts.get("ssl");
  const hosts = m[3]!.split(",").map((h) => {
    const b = /^\[([^\]]+)\](?::(\d+))?$/.exec(h) ?? /^([^:]+)(?::(\d+))?$/.exec(h);
    return b ? { host: b[1]!, port: Number(b[2] ?? 27017) } : { host: h, port: 27017 };
  });
  return { hosts: m[1] ? [] : hosts, srv: m[1] ? hosts[0]!.host : undefined, tls: tlsOpt !== null ? tlsOpt === "true" : Boolean(m[1]), credentials: Boolean(m[2]) };
}

type MongoProbe =
  | { stage: "srv"; code: string }
  | { stage: "dns"; host: string; code: string }
  | { stage: "tcp"; host: string; port: number; attempts: Attempt[] }
  | { stage: "tls" | "hello"; host: string; port: number; error: string }
  | { stage: "done"; host: string; port: number; reply: Record<string, number | boolean | string | null> };

async function probeMongo(t: MongoTarget, d: Deadline): Promise<MongoProbe> {
  let hosts = t.hosts;
  if (t.srv) {
    try {
      const recs = await withDeadline(resolveSrv(`_mongodb._tcp.${t.srv}`), d);
      if (!recs) return { stage: "srv", code: "timeout" };
      hosts = recs.map((r) => ({ host: r.name, port: r.port }));
    } catch (e) {
      return { stage: "srv", code: (e as NodeJS.ErrnoException).code ?? "EAI_FAIL" };
    }
  }
  let last: MongoProbe = { stage: "srv", code: "ENODATA" };
  for (const { host, port } of hosts) {
    const r = await resolveHost(host, d);
    if (!r.ok) {
      last = { stage: "dns", host, code: r.code };
      continue;
    }
    const tcp = await connectTcp(r.addresses, dialPort(host, port, d), d);
    if (!tcp.ok) {
      last = { stage: "tcp", host, port, attempts: tcp.attempts };
      continue;
    }
    let socket: Socket = tcp.socket;
    if (t.tls) {
      const s = tlsConnect({ socket, servername: /^[\d.]+$|:/.test(host) ? undefined : host });
      const ok = await new Promise<string | undefined>((res) => {
        s.once("secureConnect", () => res(undefined));
        s.once("error", (e: Error) => res(e.message));
        setTimeout(() => res("no answer before the timeout"), remaining(d));
      });
      if (ok) {
        s.destroy();
        last = { stage: "tls", host, port, error: ok };
        continue;
      }
      socket = s;
    }
    const reply = await exchange(socket, opMsg(helloDoc()), d);
    socket.destroy();
    if (typeof reply === "string") {
      last = { stage: "hello", host, port, error: reply };
      continue;
    }
    return { stage: "done", host, port, reply };
  }
  return last;
}

function exchange(socket: Socket, msg: Buffer, d: Deadline): Promise<Record<string, number | boolean | string | null> | string> {
  return new Promise((res) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => res("no answer before the timeout"), remaining(d));
    socket.on("data", (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        clearTimeout(timer);
        if (buf.readInt32LE(12) !== 2013 || buf[20] !== 0) {
          res("the reply is not an OP_MSG");
          return;
        }
        try {
          res(bsonTop(buf.subarray(21)));
        } catch {
          res("the reply does not parse as BSON");
        }
      }
    });
    socket.on("error", (e) => res(e.message));
    socket.on("close", () => res("the server closed the connection"));
    socket.write(msg);
  });
}

export function mongoJobs(config: DeployedConfig, o: { timeoutMs: number }): Job[] {
  const m = config.model;
  const jobs: Job[] = [];
  for (const spec of m.allStoreSpecs.concat(m.allSchedulerSpecs)) {
    const s = m.str(get(storeBody(spec, "experimental_mongo"), "connection_string"));
    // A string the static rules refuse (mongo-connection-string-valid) stops NativeLink before it connects.
    if (!s || s.unknown || mongoConnectionStringError(s.value) !== undefined) continue;
    const t = mongoTarget(s.value);
    if (!t) continue;
    jobs.push({ config, run: async (d) => mongoReports(await probeMongo(t, d), t, s.at, o.timeoutMs) });
  }
  return jobs;
}

export function mongoReports(p: MongoProbe, t: MongoTarget, at: string, timeoutMs: number): Out[] {
  const base = { id: "connect-mongo" as const, at, nativelink: "Failed to create size index on CAS collection" };
  const stops = `NativeLink stops at startup when no server answers within connection_timeout_ms`;
  switch (p.stage) {
    case "srv":
      return [{ ...base, message: `the SRV record _mongodb._tcp.${t.srv} does not resolve: ${dnsWords(p.code)}; ${stops}` }];
    case "dns":
      return [{ ...base, message: `MongoDB host "${p.host}" does not resolve: ${dnsWords(p.code)}; ${stops}` }];
    case "tcp":
      return [{ ...base, message: `no MongoDB server answers: ${attemptsText(p.attempts, p.port)}; ${stops}`, hint: "start MongoDB, or fix the hosts in connection_string" }];
    case "tls":
      return [{ ...base, message: `the TLS handshake with MongoDB at ${p.host}:${p.port} failed: ${p.error}; ${stops}` }];
    case "hello":
      return [{ ...base, message: `MongoDB at ${p.host}:${p.port} did not answer hello: ${p.error} (within ${timeoutMs / 1000} s); ${stops}` }];
    case "done":
      if (p.reply.ok !== 1) return [{ ...base, message: `MongoDB at ${p.host}:${p.port} answered hello with ok: ${p.reply.ok}${p.reply.errmsg ? ` ("${p.reply.errmsg}")` : ""}` }];
      if (p.reply.isWritablePrimary === false) {
        return [{ ...base, severity: "warning", nativelink: undefined, message: `MongoDB at ${p.host}:${p.port} is not a writable primary${p.reply.setName ? ` of replica set "${p.reply.setName}"` : ""}: NativeLink writes there; name the replica set (replicaSet=) so the driver finds the primary` }];
      }
      return [{ id: "connect-mongo", at, severity: "info", message: `connected: MongoDB at ${p.host}:${p.port} answered hello (max wire version ${p.reply.maxWireVersion ?? "?"})${t.credentials ? "; the credentials are present but not tried (this check does not authenticate)" : ""}` }];
  }
}
