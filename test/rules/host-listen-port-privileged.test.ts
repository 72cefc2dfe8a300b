import { describe, expect, it } from "vitest";
import { col, fakeProc, NO_PROC, onHost } from "../helpers/host.ts";
import { parseSystemdUnit } from "../../src/host/systemd.ts";

const RULE = "host-listen-port-privileged";
const S = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const at = (addr: string) => col(S(addr), `"${addr}"`);
const proc = (start: string, capBnd = "000001ffffffffff") => fakeProc({ "sys/net/ipv4/ip_unprivileged_port_start": `${start}\n`, "self/status": `Name:\tx\nCapBnd:\t${capBnd}\n` });

describe(RULE, () => {
  it("warns for a port below the start for a user without CAP_NET_BIND_SERVICE", async () => {
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "nobody", hostRoots: proc("1024") })).toEqual([
      `1:${at("0.0.0.0:443")} socket_address "0.0.0.0:443": port 443 is below net.ipv4.ip_unprivileged_port_start (1024) and NativeLink runs as nobody, which has no CAP_NET_BIND_SERVICE: unless the nativelink binary carries that file capability, NativeLink stops at startup`,
    ]);
  });
  it("passes root, a lowered start, and a unit that grants the capability", async () => {
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "root", hostRoots: proc("1024") })).toEqual([]);
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "nobody", hostRoots: proc("80") })).toEqual([]);
    const unit = { ...parseSystemdUnit("[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"), path: "nativelink.service" };
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "nobody", hostRoots: proc("1024"), systemdUnit: unit })).toEqual([]);
  });
  it("warns for root when the capability bounding set drops CAP_NET_BIND_SERVICE", async () => {
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "root", hostRoots: proc("1024", "0000000000000000") })).toHaveLength(1);
  });
  it("says it could not check without the sysctl", async () => {
    expect(await onHost(S("0.0.0.0:443"), RULE, { runAs: "nobody", hostRoots: NO_PROC })).toEqual([`1:${at("0.0.0.0:443")} could not check whether nobody may bind port 443: net.ipv4.ip_unprivileged_port_start is not readable on this host`]);
  });
});
