// Locations come from the node NativeLink keeps: of two values under one key of a map, serde keeps
// the later one, so a finding about the value must underline that one, not the value it drops.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";
import { parseConfigText } from "../src/load.ts";
import { locate, member } from "../src/doc.ts";

const at = (f: { line: number; column: number; endLine: number; endColumn: number }) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;

describe("a key given twice in a map", () => {
  const config = [
    "{",
    "  stores: [],",
    "  servers: [],",
    "  schedulers: [{",
    '    name: "MAIN",',
    "    simple: {",
    "      supported_platform_properties: {",
    '        cpu_count: "minimum",',
    "        cpu_count: 5,",
    "      },",
    "    },",
    "  }],",
    "}",
  ].join("\n");

  it("the type finding underlines the later value, the one NativeLink reads", async () => {
    const findings = await lint(config);
    const bad = findings.filter((f) => f.ruleId === "variant-shape" && f.pointer === "/schedulers/0/simple/supported_platform_properties/cpu_count");
    expect(bad.map((f) => `${at(f)} ${f.message}`)).toEqual(['9:20-9:21 the number 5 is not one of "minimum", "exact", "priority", "ignore"']);
  });

  it("the duplicate itself is said at the later key", async () => {
    const findings = await lint(config);
    expect(findings.filter((f) => f.ruleId === "key-duplicate-map").map((f) => `${at(f)} ${f.message}`)).toEqual([
      '9:9-9:18 key "cpu_count" appears twice in this map; NativeLink keeps the later value and silently drops the one at 8:9',
    ]);
  });

  it("locate() and member() name the same node", () => {
    const root = parseConfigText({ file: "c", path: "c", comments: [] }, Buffer.from("{ a: { k: 1, k: 2 } }")).root!;
    const located = locate(root, "/a/k").node;
    expect(located).toBe(member(member(root, "a"), "k"));
    expect(located.kind === "number" && located.value).toBe(2);
  });
});
