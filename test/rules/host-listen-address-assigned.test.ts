import { describe, expect, it } from "vitest";
import { col, fakeProc, onHost } from "../helpers/host.ts";

const RULE = "host-listen-address-assigned";
const S = (addr: string, extra = "") => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}"${extra} } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const at = (addr: string) => col(S(addr), `"${addr}"`);

describe(RULE, () => {
  it("reports an address no interface of this host has (TEST-NET 192.0.2.1)", async () => {
    expect(await onHost(S("192.0.2.1:50051"), RULE)).toEqual([`1:${at("192.0.2.1:50051")} socket_address "192.0.2.1:50051": 192.0.2.1 is not an address of any interface of this host: NativeLink stops at startup`]);
  });
  it("reports an IPv6 link-local address without a scope as invalid", async () => {
    expect(await onHost(S("[fe80::1]:50051"), RULE)).toEqual([`1:${at("[fe80::1]:50051")} socket_address "[fe80::1]:50051": fe80::1 is an IPv6 link-local address without a %scope, which Linux refuses to bind: NativeLink stops at startup`]);
  });
  it("passes wildcards, all of 127.0.0.0/8, and freebind", async () => {
    for (const a of ["0.0.0.0:50051", "[::]:50051", "127.0.0.1:50051", "127.3.2.1:50051"]) expect(await onHost(S(a), RULE)).toEqual([]);
    expect(await onHost(S("192.0.2.1:50051", ", freebind: true"), RULE)).toEqual([]);
  });
  it("passes any address when net.ipv4.ip_nonlocal_bind is 1", async () => {
    const roots = fakeProc({ "self/status": "Name:\tx\n", "sys/net/ipv4/ip_nonlocal_bind": "1\n", "sys/net/ipv6/conf/all/disable_ipv6": "0\n" });
    expect(await onHost(S("192.0.2.1:50051"), RULE, { hostRoots: roots })).toEqual([]);
  });
  it("reports an IPv6 address on a host whose kernel has no IPv6", async () => {
    const roots = fakeProc({ "self/status": "Name:\tx\n" });
    expect(await onHost(S("[2001:db8::1]:50051"), RULE, { hostRoots: roots })).toEqual([`1:${at("[2001:db8::1]:50051")} socket_address "[2001:db8::1]:50051": this host has no IPv6 (the kernel has it turned off): NativeLink stops at startup`]);
  });
});
