// The host probe's parsers, on the texts the kernel and systemd write.
import { describe, expect, it } from "vitest";
import { parseMountinfo, parseNofile, parseProcNetTcp } from "../../src/host/probe.ts";
import { parseSystemdUnit } from "../../src/host/systemd.ts";

describe("/proc/net/tcp{,6}", () => {
  const head = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  it("keeps listening sockets (state 0A), with addresses in host byte order", () => {
    const v4 = head + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1\n   1: 0100007F:1F91 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 112 1\n";
    expect(parseProcNetTcp(v4, 4)).toEqual([{ family: 4, ip: "127.0.0.1", port: 8080, inode: 111 }]);
    const v6 = head + "   0: 00000000000000000000000001000000:C383 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1\n";
    expect(parseProcNetTcp(v6, 6)).toEqual([{ family: 6, ip: "0:0:0:0:0:0:0:1", port: 50051, inode: 222 }]);
  });
});

describe("/proc/self/mountinfo", () => {
  it("reads mount points (octal escapes undone), the type, and options from both halves", () => {
    const text = "36 35 98:0 / /mnt/with\\040space rw,noatime master:1 - ext4 /dev/root ro,errors=continue\n";
    expect(parseMountinfo(text)).toEqual([{ mountPoint: "/mnt/with space", fsType: "ext4", options: ["rw", "noatime", "ro", "errors=continue"] }]);
  });
});

describe("limits", () => {
  it("reads Max open files, unlimited as Infinity", () => {
    expect(parseNofile("Limit  Soft Limit  Hard Limit  Units\nMax open files            1024                 524288               files\n")).toEqual({ soft: 1024, hard: 524288 });
    expect(parseNofile("Max open files            unlimited            unlimited            files\n")).toEqual({ soft: Infinity, hard: Infinity });
  });
  it("reads LimitNOFILE= (N, soft:hard, infinity) and AmbientCapabilities= from a unit, the last assignment winning", () => {
    expect(parseSystemdUnit("[Service]\nLimitNOFILE=4096\nLimitNOFILE=1024:65536\nAmbientCapabilities=CAP_NET_BIND_SERVICE cap_sys_nice\nUser=nativelink\n")).toEqual({
      limitNofile: { soft: 1024, hard: 65536 },
      ambientCapabilities: ["CAP_NET_BIND_SERVICE", "CAP_SYS_NICE"],
      user: "nativelink",
    });
    expect(parseSystemdUnit("LimitNOFILE=infinity\nAmbientCapabilities=CAP_NET_BIND_SERVICE\nAmbientCapabilities=\n")).toEqual({ limitNofile: { soft: Infinity, hard: Infinity }, ambientCapabilities: [] });
  });
});
