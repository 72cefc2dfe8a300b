// `check` without --connect pays nothing for it: the bundled CLI loads neither src/connect nor the node
// modules only it uses (http2, dns); with --connect it does. Node lists the built-in modules it has
// loaded in process.moduleLoadList.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tree } from "../helpers/cli.ts";

const root = new URL("../..", import.meta.url).pathname;
const CONFIG = '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://127.0.0.1:1" }], store_type: "cas" } }], servers: [] }';

function loaded(args: string[]): string[] {
  const dir = tree({ "c.json5": CONFIG });
  const probe = join(dir, "probe.cjs");
  writeFileSync(probe, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(join(dir, "mods.json"))}, JSON.stringify(process.moduleLoadList)));`);
  const r = spawnSync(process.execPath, ["-r", probe, join(root, "bin/nativelink-preflight.js"), ...args, "c.json5"], { cwd: dir, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(spawnSync("cat", [join(dir, "mods.json")], { encoding: "utf8" }).stdout) as string[];
}

describe("--connect is loaded only when asked for", () => {
  it("a check without it loads no http2 or dns module", () => {
    const mods = loaded([]);
    expect(mods.filter((m) => /^NativeModule (http2|dns|internal\/http2)/.test(m))).toEqual([]);
  });
  it("a check with it does", () => {
    const mods = loaded(["--connect", "--connect-timeout", "1"]);
    expect(mods).toContain("NativeModule http2");
    expect(mods.some((m) => /^NativeModule dns/.test(m))).toBe(true);
  });
});
