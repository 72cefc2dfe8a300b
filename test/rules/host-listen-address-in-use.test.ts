import { createServer, type Server } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col, fakeProc, NO_PROC, onHost } from "../helpers/host.ts";

const RULE = "host-listen-address-in-use";
const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const at = (addr: string) => col(S(addr), `"${addr}"`);

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

describe(RULE, () => {
  it("names the process that listens on the port (a listener this test opened on 127.0.0.1)", async () => {
    const comm = readFileSync("/proc/self/comm", "utf8").trim();
    const a = `127.0.0.1:${port}`;
    expect(await onHost(S(a), RULE)).toEqual([`1:${at(a)} socket_address "${a}": port ${port} is already listened on at 127.0.0.1:${port} by ${comm} (pid ${process.pid}): NativeLink stops at startup`]);
    // The wildcard covers 127.0.0.1 too.
    const w = `0.0.0.0:${port}`;
    expect(await onHost(S(w), RULE)).toEqual([`1:${at(w)} socket_address "${w}": port ${port} is already listened on at 127.0.0.1:${port} by ${comm} (pid ${process.pid}): NativeLink stops at startup`]);
  });

  it("passes a free port, another address of the same port, and port 0", async () => {
    const other = createServer();
    await new Promise<void>((ok) => other.listen(0, "127.0.0.1", ok));
    const free = (other.address() as { port: number }).port;
    await new Promise<void>((ok) => other.close(() => ok()));
    expect(await onHost(S(`127.0.0.1:${free}`), RULE)).toEqual([]);
    expect(await onHost(S(`127.0.0.2:${port}`), RULE)).toEqual([]);
    expect(await onHost(S("127.0.0.1:0"), RULE)).toEqual([]);
  });

  it("only notes a port the running nativelink holds (a restart frees it)", async () => {
    const tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:C383 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 4242 1 0 100 0 0 10 0\n";
    const roots = fakeProc({ "net/tcp": tcp, "net/tcp6": "", "321/comm": "nativelink\n" }, { "321/fd/7": "socket:[4242]" });
    expect(await onHost(S("0.0.0.0:50051"), RULE, { hostRoots: roots })).toEqual([`1:${at("0.0.0.0:50051")} port 50051 is held by the running nativelink (pid 321) on 0.0.0.0:50051; a restart frees it once that process has stopped`]);
  });

  it("says it could not check without /proc/net/tcp", async () => {
    expect(await onHost(S("0.0.0.0:50051"), RULE, { hostRoots: NO_PROC })).toEqual([`1:${at("0.0.0.0:50051")} could not check whether port 50051 is free: /proc/net/tcp and /proc/net/tcp6 are not readable on this host`]);
  });

  it("does nothing without --on-host", async () => {
    const { lint, lines } = await import("../helpers/lint.ts");
    expect(lines(await lint(S(`127.0.0.1:${port}`)), RULE)).toEqual([]);
  });
});

describe(`${RULE}: IPv4 and IPv6`, () => {
  const tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:C383 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 4242 1 0 100 0 0 10 0\n";
  it("NativeLink's dual-stack [::] clashes with an IPv4 listener, unless net.ipv6.bindv6only is 1", async () => {
    expect(await onHost(S("[::]:50051"), RULE, { hostRoots: fakeProc({ "net/tcp": tcp, "net/tcp6": "" }) })).toHaveLength(1);
    expect(await onHost(S("[::]:50051"), RULE, { hostRoots: fakeProc({ "net/tcp": tcp, "net/tcp6": "", "sys/net/ipv6/bindv6only": "1\n" }) })).toEqual([]);
  });
});
