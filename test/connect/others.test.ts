// --connect for the config's own listeners (--connect-listeners), MongoDB (a fake that answers hello
// as mongod does), cloud object stores (an Azure endpoint on 127.0.0.1), --connect-resolve, and the
// options' usage errors. Every server is started here, on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePki, type Pki } from "../helpers/pki.ts";
import { cli } from "../helpers/cli.ts";
import type { Finding } from "../../src/types.ts";
import { bsonTop, helloDoc, mongoTarget, opMsg } from "../../src/connect/mongo.ts";
import { closedPort, grpcPlainServer, grpcTlsServer, SERVICES, type Running } from "../helpers/connect-servers.ts";

let pki: Pki;
const servers: Running[] = [];
const raw: Server[] = [];
beforeAll(async () => {
  pki = await makePki(mkdtempSync(join(tmpdir(), "nlp-connect-others-")), { now: new Date() });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  raw.forEach((s) => s.close());
});

async function run(config: string, extra: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  const file = join(pki.dir, `c${Math.random().toString(36).slice(2)}.json5`);
  writeFileSync(file, config);
  const r = await cli(["--format", "json", "--connect", "--connect-timeout", "2", ...extra, file], { cwd: pki.dir, env });
  if (r.code === 2) return { code: 2, findings: [], stderr: r.stderr };
  return { code: r.code, findings: (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.category === "network"), stderr: r.stderr };
}

/** A listener on 127.0.0.1 that closes every connection and counts them (for "never dialed"). */
async function countingListener(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server = createServer((sock: Socket) => {
    n++;
    sock.destroy();
  });
  raw.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { port: (server.address() as AddressInfo).port, connections: () => n };
}

/** A fake mongod: answers every OP_MSG with `reply` as BSON. */
async function fakeMongo(reply: Buffer): Promise<number> {
  const server = createServer((s: Socket) => {
    s.on("data", () => {
      const header = Buffer.alloc(16);
      header.writeInt32LE(16 + 5 + reply.length, 0);
      header.writeInt32LE(2, 4);
      header.writeInt32LE(1, 8);
      header.writeInt32LE(2013, 12);
      s.end(Buffer.concat([header, Buffer.from([0, 0, 0, 0, 0]), reply]));
    });
    s.on("error", () => {});
  });
  raw.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

/** BSON of { ok: 1.0, isWritablePrimary: <w>, maxWireVersion: 21 }. */
function helloReply(writable: boolean): Buffer {
  const ok = Buffer.alloc(8);
  ok.writeDoubleLE(1);
  const wire = Buffer.alloc(4);
  wire.writeInt32LE(21);
  const body = Buffer.concat([Buffer.from([0x01]), Buffer.from("ok\0"), ok, Buffer.from([0x08]), Buffer.from("isWritablePrimary\0"), Buffer.from([writable ? 1 : 0]), Buffer.from([0x10]), Buffer.from("maxWireVersion\0"), wire, Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32LE(body.length + 4);
  return Buffer.concat([len, body]);
}

describe("--connect: the hand-written wire formats", () => {
  it("hello is one OP_MSG whose body reads back", () => {
    const msg = opMsg(helloDoc());
    expect(msg.readInt32LE(0)).toBe(msg.length);
    expect(msg.readInt32LE(12)).toBe(2013);
    expect(bsonTop(msg.subarray(21))).toEqual({ hello: 1, $db: "admin" });
  });
  it("reads the hosts of both connection string forms", () => {
    expect(mongoTarget("mongodb://u:p@a.example:27018,b.example/db?replicaSet=rs")).toEqual({ hosts: [{ host: "a.example", port: 27018 }, { host: "b.example", port: 27017 }], tls: false, credentials: true, srv: undefined });
    expect(mongoTarget("mongodb+srv://cluster.example/")).toEqual({ hosts: [], srv: "cluster.example", tls: true, credentials: false });
  });
});

describe("--connect: MongoDB", () => {
  const config = (cs: string) => ["{", "  stores: [{", '    name: "CAS",', "    experimental_mongo: {", `      connection_string: "${cs}",`, "    },", "  }],", "  servers: [],", "}"].join("\n");

  it("a server that answers hello as a writable primary: nothing, and an info with --verbose", async () => {
    const port = await fakeMongo(helloReply(true));
    expect((await run(config(`mongodb://127.0.0.1:${port}`))).findings).toEqual([]);
    const [f] = (await run(config(`mongodb://127.0.0.1:${port}`), ["--verbose"])).findings;
    expect(f!.message).toBe(`connected: MongoDB at 127.0.0.1:${port} answered hello (max wire version 21)`);
  });

  it("no server: NativeLink's index creation fails at startup", async () => {
    const port = await closedPort();
    const [f] = (await run(config(`mongodb://127.0.0.1:${port}`))).findings;
    expect([f!.line, f!.column]).toEqual([5, 26]);
    expect(f!.ruleId).toBe("connect-mongo");
    expect(f!.nativelink).toBe("Failed to create size index on CAS collection");
    expect(f!.message).toBe(`no MongoDB server answers: 127.0.0.1:${port} connection refused (nothing listens on that port); NativeLink stops at startup when no server answers within connection_timeout_ms`);
  });

  it("a connection string the static rules refuse is not dialed; the static finding says why", async () => {
    const { port, connections } = await countingListener();
    const file = join(pki.dir, "mongo-refused.json5");
    writeFileSync(file, config(`mongodb://127.0.0.1:${port}/bad db`));
    const r = await cli(["--format", "json", "--connect", "--connect-timeout", "2", file], { cwd: pki.dir });
    const ids = (JSON.parse(r.stdout).findings as Finding[]).map((f) => f.ruleId);
    expect(connections()).toBe(0);
    expect(ids).not.toContain("connect-mongo");
    expect(ids).toContain("mongo-connection-string-valid");
  });

  it("a secondary: warns that NativeLink writes there", async () => {
    const port = await fakeMongo(helloReply(false));
    const [f] = (await run(config(`mongodb://127.0.0.1:${port}`))).findings;
    expect(f!.severity).toBe("warning");
    expect(f!.message).toMatch(/is not a writable primary/);
  });
});

describe("--connect: cloud object stores", () => {
  const config = (endpoint: string, sas = "") =>
    ["{", "  stores: [{", '    name: "CAS",', "    experimental_cloud_object_store: {", '      provider: "azure",', '      account_name: "acct",', '      container: "c",', `      endpoint: "${endpoint}",${sas}`, "    },", "  }],", "  servers: [],", "}"].join("\n");

  it("an endpoint whose certificate does not chain to the system roots, and no credentials", async () => {
    const port = await grpcTlsServer({ cert: readFileSync(pki.files.serverChain), key: readFileSync(pki.files.serverKey) }, { services: [] }).then((s) => (servers.push(s), s.port));
    const fs = (await run(config(`https://localhost:${port}`))).findings;
    expect(fs.map((f) => [f.line, f.column, f.severity])).toEqual([
      [8, 17, "warning"],
      [8, 17, "error"],
    ]);
    expect(fs[1]!.message).toMatch(new RegExp(`^azure object store localhost:${port} \\(from endpoint "https://localhost:${port}"\\): the TLS handshake with the system roots failed: (unable to get local issuer certificate|self.signed certificate in certificate chain); NativeLink starts \\(cloud stores do no I/O when built\\), then every request to this store fails$`));
    expect(fs[0]!.message).toBe(`azure object store localhost:${port} (from endpoint "https://localhost:${port}"): no credentials in the target environment: sas_url, or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE`);
  });
});

describe("--connect-listeners", () => {
  const config = (port: number, tls: string) =>
    ["{", "  stores: [],", "  servers: [{", `    listener: { http: { socket_address: "0.0.0.0:${port}"${tls} } },`, "    services: { cas: [{ cas_store: \"X\" }], bytestream: [{ cas_store: \"X\" }] },", "  }],", "}"].join("\n");

  it("dials a wildcard listener at 127.0.0.1 and checks that it mounts the config's services", async () => {
    const right = await grpcPlainServer({ services: [SERVICES.cas, SERVICES.bytestream] }).then((s) => (servers.push(s), s.port));
    expect((await run(config(right, ""), ["--connect-listeners"])).findings).toEqual([]);
    const wrong = await grpcPlainServer({ services: [SERVICES.workerApi] }).then((s) => (servers.push(s), s.port));
    const [f] = (await run(config(wrong, ""), ["--connect-listeners"])).findings;
    expect([f!.line, f!.column]).toEqual([4, 41]);
    expect(f!.message).toBe(`servers[0] (0.0.0.0:${wrong}), dialed at 127.0.0.1:${wrong} from this host: the config mounts cas, bytestream, but the server there does not answer them as gRPC (cas: HTTP 404, bytestream: HTTP 404): it runs another config`);
    const none = await closedPort();
    const [g] = (await run(config(none, ""), ["--connect-listeners"])).findings;
    expect(g!.message).toBe(`servers[0] (0.0.0.0:${none}), dialed at 127.0.0.1:${none} from this host: 127.0.0.1:${none} connection refused (nothing listens on that port): is NativeLink running with this config on this host?`);
    // Without --connect-listeners the listener is not dialed.
    expect((await run(config(none, ""))).findings).toEqual([]);
  });

  it("a listener the config gives tls that answers plaintext", async () => {
    const port = await grpcPlainServer({ services: [SERVICES.cas, SERVICES.bytestream] }).then((s) => (servers.push(s), s.port));
    const [f] = (await run(config(port, ', tls: { cert_file: "server.pem", key_file: "server.key" }'), ["--connect-listeners"])).findings;
    expect(f!.message).toBe(`servers[0] (0.0.0.0:${port}), dialed at 127.0.0.1:${port} from this host: the config gives the listener tls, but the server there does not speak TLS: it is not this config's listener`);
  });
});

describe("--connect: Redis URLs the static rules refuse", () => {
  it("are not dialed (NativeLink never gets that far); the static finding says why", async () => {
    const { port, connections } = await countingListener();
    const config = `{ stores: [{ name: "CAS", redis_store: { addresses: ["redis://127.0.0.1:${port}/not-a-db"] } }], servers: [] }`;
    const file = join(pki.dir, "redis-refused.json5");
    writeFileSync(file, config);
    const r = await cli(["--format", "json", "--connect", "--connect-timeout", "2", file], { cwd: pki.dir });
    const findings = JSON.parse(r.stdout).findings as Finding[];
    expect(connections()).toBe(0);
    expect(findings.filter((f) => f.ruleId === "connect-redis")).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toContain("redis-store-addresses-valid");
  });
});

describe("--connect options", () => {
  const worker = (uri: string) => `{ stores: [], workers: [{ local: { worker_api_endpoint: { uri: "${uri}" }, cas_fast_slow_store: "X", work_directory: "/tmp/w", platform_properties: {} } }], servers: [] }`;

  it("--connect-resolve dials another address and port for a host name", async () => {
    const port = await grpcPlainServer({ services: [SERVICES.workerApi] }).then((s) => (servers.push(s), s.port));
    expect((await run(worker("grpc://scheduler.nlp-test.invalid:50061"), ["--connect-resolve", `scheduler.nlp-test.invalid=127.0.0.1:${port}`])).findings).toEqual([]);
  });

  it("a settings file sets the severity of a --connect check, or turns it off", async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), "nlp-connect-settings-"));
    writeFileSync(join(dir, "w.json5"), worker(`grpc://127.0.0.1:${port}`));
    const severities = async (setting: string) => {
      writeFileSync(join(dir, ".nativelink-preflight.json5"), `{ rules: { "connect-endpoint": "${setting}" } }`);
      const r = await cli(["--format", "json", "--connect", "w.json5"], { cwd: dir });
      return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.category === "network" || f.file.endsWith(".nativelink-preflight.json5")).map((f) => `${f.ruleId} ${f.severity}`);
    };
    expect(await severities("warning")).toEqual(["connect-endpoint warning"]);
    expect(await severities("off")).toEqual([]);
  });

  it("usage errors", async () => {
    const file = join(pki.dir, "u.json5");
    writeFileSync(file, worker("grpc://127.0.0.1:1"));
    const r1 = await cli(["--connect-timeout", "2", file], { cwd: pki.dir });
    expect([r1.code, r1.stderr.split("\n")[0]]).toEqual([2, "nativelink-preflight: --connect-timeout needs --connect"]);
    const r2 = await cli(["--connect", "--connect-timeout", "soon", file], { cwd: pki.dir });
    expect([r2.code, r2.stderr.split("\n")[0]]).toEqual([2, 'nativelink-preflight: --connect-timeout takes a number of seconds > 0, not "soon"']);
    const r3 = await cli(["--connect", "--connect-resolve", "host=nowhere", file], { cwd: pki.dir });
    expect([r3.code, r3.stderr.split("\n")[0]]).toEqual([2, 'nativelink-preflight: --connect-resolve expects HOST=ADDR or HOST=ADDR:PORT with an IP address, got "host=nowhere"']);
  });
});
