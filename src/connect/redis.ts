// A read-only Redis probe in a few dozen lines of RESP: AUTH with the URL's credentials, SELECT its
// database, PING, CONFIG GET notify-keyspace-events, and a PSUBSCRIBE round trip. Nothing is written.
import type { Socket } from "node:net";
import { type Attempt, type Deadline, connectTcp, dialPort, remaining, resolveHost } from "./net.ts";

export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** Ask CONFIG GET notify-keyspace-events (a remove callback is registered on this store). */
  keyspace: boolean;
  /** PSUBSCRIBE to this pattern and wait for the confirmation. */
  subscribe?: string;
}

export type RedisProbe =
  | { stage: "dns"; code: string }
  | { stage: "tcp"; attempts: Attempt[] }
  | { stage: "timeout"; attempts: Attempt[]; during: string }
  | { stage: "auth" | "select" | "ping" | "subscribe"; attempts: Attempt[]; error: string }
  | { stage: "done"; attempts: Attempt[]; keyspace?: { value: string } | { error: string }; subscribed?: boolean };

type Reply = { kind: "simple" | "error"; text: string } | { kind: "int"; n: number } | { kind: "bulk"; text: string | null } | { kind: "array"; items: Reply[] | null };

/** Parses one RESP2 reply from the front of `b`: the reply and its length, or undefined when incomplete. */
export function parseReply(b: Buffer, at = 0): [Reply, number] | undefined {
  const eol = b.indexOf("\r\n", at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(b[at]!);
  const line = b.toString("utf8", at + 1, eol);
  const next = eol + 2;
  if (type === "+") return [{ kind: "simple", text: line }, next];
  if (type === "-") return [{ kind: "error", text: line }, next];
  if (type === ":") return [{ kind: "int", n: Number(line) }, next];
  if (type === "$") {
    const n = Number(line);
    if (n < 0) return [{ kind: "bulk", text: null }, next];
    if (b.length < next + n + 2) return undefined;
    return [{ kind: "bulk", text: b.toString("utf8", next, next + n) }, next + n + 2];
  }
  if (type === "*") {
    const n = Number(line);
    if (n < 0) return [{ kind: "array", items: null }, next];
    const items: Reply[] = [];
    let pos = next;
    for (let i = 0; i < n; i++) {
      const r = parseReply(b, pos);
      if (!r) return undefined;
      items.push(r[0]);
      pos = r[1];
    }
    return [{ kind: "array", items }, pos];
  }
  return [{ kind: "error", text: `unexpected reply ${JSON.stringify(b.toString("latin1", at, Math.min(b.length, at + 20)))}` }, b.length];
}

function command(args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(""), "utf8");
}

/** Sends commands one at a time over one socket and reads their replies. */
class Conn {
  private buf = Buffer.alloc(0);
  private waiting?: (r: Reply | "closed") => void;
  private closed = false;
  constructor(private socket: Socket) {
    socket.on("data", (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.pump();
    });
    const close = () => {
      this.closed = true;
      this.waiting?.("closed");
      this.waiting = undefined;
    };
    socket.on("error", close);
    socket.on("close", close);
  }
  private pump() {
    if (!this.waiting) return;
    const r = parseReply(this.buf);
    if (!r) return;
    this.buf = this.buf.subarray(r[1]);
    const w = this.waiting;
    this.waiting = undefined;
    w(r[0]);
  }
  call(args: string[], d: Deadline): Promise<Reply | "closed" | "timeout"> {
    if (this.closed) return Promise.resolve("closed");
    return new Promise((resolveP) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolveP("timeout");
      }, remaining(d));
      this.waiting = (r) => {
        clearTimeout(timer);
        resolveP(r);
      };
      this.socket.write(command(args));
      this.pump();
    });
  }
}

const errText = (r: Reply | "closed") => (r === "closed" ? "the server closed the connection" : r.kind === "error" ? r.text : JSON.stringify(r));

export async function probeRedis(t: RedisTarget, d: Deadline): Promise<RedisProbe> {
  const r = await resolveHost(t.host, d);
  if (!r.ok) return { stage: "dns", code: r.code };
  const tcp = await connectTcp(r.addresses, dialPort(t.host, t.port, d), d);
  if (!tcp.ok) return { stage: "tcp", attempts: tcp.attempts };
  const attempts = tcp.attempts;
  const conn = new Conn(tcp.socket);
  try {
    const step = async (stage: "auth" | "select" | "ping", args: string[], ok: (x: Reply) => boolean): Promise<RedisProbe | undefined> => {
      const x = await conn.call(args, d);
      if (x === "timeout") return { stage: "timeout", attempts, during: args[0]! };
      if (!ok(x as Reply) || x === "closed") return { stage, attempts, error: errText(x) };
      return undefined;
    };
    if (t.password !== undefined) {
      const fail = await step("auth", t.username ? ["AUTH", t.username, t.password] : ["AUTH", t.password], (x) => x.kind === "simple");
      if (fail) return fail;
    }
    if (t.db) {
      const fail = await step("select", ["SELECT", String(t.db)], (x) => x.kind === "simple");
      if (fail) return fail;
    }
    const ping = await step("ping", ["PING"], (x) => x.kind === "simple" && x.text === "PONG");
    if (ping) return ping;
    let keyspace: { value: string } | { error: string } | undefined;
    if (t.keyspace) {
      const x = await conn.call(["CONFIG", "GET", "notify-keyspace-events"], d);
      if (x === "timeout") return { stage: "timeout", attempts, during: "CONFIG GET" };
      if (x !== "closed" && x.kind === "array" && x.items && x.items.length === 2 && x.items[1]!.kind === "bulk") keyspace = { value: x.items[1]!.text ?? "" };
      else keyspace = { error: errText(x) };
    }
    let subscribed: boolean | undefined;
    if (t.subscribe !== undefined) {
      const x = await conn.call(["PSUBSCRIBE", t.subscribe], d);
      if (x === "timeout") return { stage: "timeout", attempts, during: "PSUBSCRIBE" };
      if (x === "closed" || x.kind !== "array" || !x.items || x.items[0]?.kind !== "bulk" || x.items[0].text !== "psubscribe") return { stage: "subscribe", attempts, error: errText(x) };
      subscribed = true;
    }
    return { stage: "done", attempts, keyspace, subscribed };
  } finally {
    tcp.socket.destroy();
  }
}
