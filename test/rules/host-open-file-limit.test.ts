import { describe, expect, it } from "vitest";
import { col, fakeProc, NO_PROC, onHost } from "../helpers/host.ts";
import { parseSystemdUnit } from "../../src/host/systemd.ts";

const RULE = "host-open-file-limit";
const G = (n: number) => `{ stores: [], servers: [], global: { max_open_files: ${n} } }`;
const limits = (soft: number | string, hard: number | string) => fakeProc({ "self/limits": `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${hard}                 files\n` });

describe(RULE, () => {
  it("warns when the hard limit caps the raise below 24576", async () => {
    expect(await onHost(G(65536), RULE, { hostRoots: limits(1024, 4096) })).toEqual([
      `1:${col(G(65536), "65536")} the hard open-file limit NativeLink would start with is 4096, from this shell's limits in /proc/self/limits, which a NativeLink started from it inherits: it can raise its soft limit only to 4096 of the 65536 asked for, warns, and throttles its own file use to about 3277 open files`,
    ]);
  });
  it("passes a high hard limit, a high soft limit, unlimited, and leaves a low max_open_files to global-max-open-files", async () => {
    expect(await onHost(G(65536), RULE, { hostRoots: limits(1024, 1048576) })).toEqual([]);
    expect(await onHost(G(65536), RULE, { hostRoots: limits(100000, 100000) })).toEqual([]);
    expect(await onHost(G(65536), RULE, { hostRoots: limits("unlimited", "unlimited") })).toEqual([]);
    expect(await onHost(G(1000), RULE, { hostRoots: limits(1024, 4096) })).toEqual([]);
  });
  it("takes LimitNOFILE= from the systemd unit when given", async () => {
    const unit = { ...parseSystemdUnit("[Service]\nLimitNOFILE=1024:8192\n"), path: "nativelink.service" };
    expect(await onHost(G(0), RULE, { hostRoots: limits(1024, 1048576), systemdUnit: unit })).toEqual([
      `1:${col(G(0), "0 }")} the hard open-file limit NativeLink would start with is 8192, from LimitNOFILE= in nativelink.service: it can raise its soft limit only to 8192 of the 24576 asked for, warns, and throttles its own file use to about 6554 open files`,
    ]);
  });
  it("says it could not check without /proc/self/limits", async () => {
    expect(await onHost("{ stores: [], servers: [] }", RULE, { hostRoots: NO_PROC })).toEqual(["1:1 could not check the open-file limit NativeLink would get: /proc/self/limits is not readable on this host"]);
  });
});
