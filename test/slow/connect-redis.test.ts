// --connect against a real Redis (Debian's redis-server) the test starts on 127.0.0.1 and a free
// port: credentials, notify-keyspace-events, CONFIG disabled, a PSUBSCRIBE round trip. Skips, saying
// so, when redis-server cannot be started (.ci/run installs it).
import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import { cli, tree } from "../helpers/cli.ts";
import { closedPort } from "../helpers/connect-servers.ts";
import type { Finding } from "../../src/types.ts";

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
if (!hasRedis) console.warn("skipping the Redis --connect tests: redis-server is not installed (.ci/run installs Debian's redis-server)");

const started: ChildProcess[] = [];
afterAll(() => started.forEach((p) => p.kill("SIGTERM")));

/** Sends one command over a fresh connection and returns the raw reply (the test's own view of the server). */
function raw(port: number, cmd: string[], password?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    let out = "";
    const enc = (a: string[]) => `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join("")}`;
    s.connect(port, "127.0.0.1", () => s.write((password ? enc(["AUTH", password]) : "") + enc(cmd)));
    s.on("data", (d) => {
      out += d.toString();
      if (out.split("\r\n").length > (password ? 2 : 1)) {
        s.destroy();
        resolve(password ? out.slice(out.indexOf("\r\n") + 2) : out);
      }
    });
    s.on("error", reject);
  });
}

async function redis(args: string[]): Promise<number> {
  const port = await closedPort();
  const p = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...args], { stdio: "ignore" });
  started.push(p);
  for (let i = 0; i < 100; i++) {
    try {
      await raw(port, ["PING"]);
      return port;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

/** An existence cache over a redis store (a remove callback is registered: keyspace events matter); the address is on line 7. */
function config(url: string, extra = ""): string {
  return [
    "{",
    "  stores: [{",
    '    name: "CAS",',
    "    existence_cache: {",
    "      backend: {",
    "        redis_store: {",
    `          addresses: ["${url}"],${extra}`,
    "        },",
    "      },",
    "    },",
    "  }],",
    "  servers: [],",
    "}",
  ].join("\n");
}

async function connect(text: string, extra: string[] = []): Promise<Finding[]> {
  const dir = tree({ "c.json5": text });
  const r = await cli(["--format", "json", "--connect", "--connect-timeout", "3", ...extra, "c.json5"], { cwd: dir });
  return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.category === "network");
}

describe.skipIf(!hasRedis)("--connect: Redis", () => {
  it("warns when notify-keyspace-events lacks K and A, with NativeLink's own words, at the address", async () => {
    const port = await redis(["--notify-keyspace-events", ""]);
    const [f, ...rest] = await connect(config(`redis://127.0.0.1:${port}`));
    expect(rest).toEqual([]);
    expect([f!.line, f!.column, f!.endLine, f!.endColumn]).toEqual([7, 23, 7, 23 + `"redis://127.0.0.1:${port}"`.length]);
    expect(f!.severity).toBe("warning");
    expect(f!.nativelink).toBe("notify-keyspace-events not enabled for Redis, will fail to get remove callbacks");
    expect(f!.message).toBe(
      `redis existence_cache.backend.redis_store in store "CAS" (redis://127.0.0.1:${port}): the server's notify-keyspace-events is "", without K and A: the existence cache above this store never hears of evicted keys and keeps answering that they exist`,
    );
  });

  it("says nothing when keyspace events include K and A; --verbose says what it saw; nothing was written", async () => {
    const port = await redis(["--notify-keyspace-events", "KEA"]);
    expect(await connect(config(`redis://127.0.0.1:${port}`))).toEqual([]);
    const [f] = await connect(config(`redis://127.0.0.1:${port}`, ' experimental_pub_sub_channel: "nlp-events",'), ["--verbose"]);
    expect(f!.severity).toBe("info");
    expect(f!.message).toMatch(/: PING answered PONG; notify-keyspace-events "(AKE|KEA|[AKE]{3})", PSUBSCRIBE "nlp-events" confirmed$/);
    expect(await raw(port, ["DBSIZE"])).toBe(":0\r\n");
  });

  it("names 'K' when only E is set", async () => {
    const port = await redis(["--notify-keyspace-events", "Ex"]);
    const [f] = await connect(config(`redis://127.0.0.1:${port}`));
    expect(f!.nativelink).toBe("notify-keyspace-events does not contain 'K' so won't get keyspace events we need for eviction events");
  });

  it("says when CONFIG is disabled, so neither this check nor NativeLink can read the setting", async () => {
    const port = await redis(["--rename-command", "CONFIG", ""]);
    const [f] = await connect(config(`redis://127.0.0.1:${port}`));
    expect(f!.severity).toBe("warning");
    expect(f!.nativelink).toBe("Error while trying to initialise remove_callback_subscribe");
    expect(f!.message).toMatch(/: CONFIG GET notify-keyspace-events is refused \(ERR unknown command 'CONFIG'/);
  });

  it("a password the URL lacks, a wrong one, the right one", async () => {
    const port = await redis(["--requirepass", "s3cret-pw", "--notify-keyspace-events", "KA"]);
    const [none] = await connect(config(`redis://127.0.0.1:${port}`));
    expect(none!.message).toMatch(/: the server requires a password and the URL gives none: PING answered "NOAUTH Authentication required\."; NativeLink stops at startup/);
    expect(none!.nativelink).toBe(`While connecting to redis with url: redis://127.0.0.1:${port}`);
    const [wrong] = await connect(config(`redis://:nope-pw@127.0.0.1:${port}`));
    expect(wrong!.message).toMatch(/: the server refuses the URL's credentials: WRONGPASS/);
    expect(wrong!.message).not.toContain("nope-pw");
    expect(await connect(config(`redis://:s3cret-pw@127.0.0.1:${port}`))).toEqual([]);
    expect(await raw(port, ["DBSIZE"], "s3cret-pw")).toBe(":0\r\n");
  });

  it("a user that may not PSUBSCRIBE to experimental_pub_sub_channel: the error, at the channel", async () => {
    const port = await redis(["--user", "nosub", "on", ">sub-pw", "~*", "&*", "+@all", "-psubscribe"]);
    const text = config(`redis://nosub:sub-pw@127.0.0.1:${port}`, ' experimental_pub_sub_channel: "nlp-events",');
    const [f] = await connect(text);
    expect([f!.line, f!.column]).toEqual([7, text.split("\n")[6]!.indexOf('"nlp-events"') + 1]);
    // redis-rs words the server's error its own way: the finding quotes the server, not NativeLink.
    expect(f!.nativelink).toBeUndefined();
    expect(f!.message).toMatch(/: PSUBSCRIBE to experimental_pub_sub_channel "nlp-events" failed: NOPERM this user has no permissions to run the 'psubscribe' command; NativeLink stops at startup/);
  });

  it("a Redis that is not there", async () => {
    const port = await closedPort();
    const [f] = await connect(config(`redis://127.0.0.1:${port}`));
    expect(f!.message).toBe(`redis existence_cache.backend.redis_store in store "CAS" (redis://127.0.0.1:${port}): no TCP connection: 127.0.0.1:${port} connection refused (nothing listens on that port); NativeLink stops at startup (the redis store connects while it is built)`);
  });
});
