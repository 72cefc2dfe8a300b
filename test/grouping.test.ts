// The helpers that keep per-item lookups linear in a large config: groupBy (src/arrays.ts),
// atOrUnder and lastValues (src/doc.ts), held to what the scans they replaced answered.
import { describe, expect, it } from "vitest";
import { groupBy, maxOf } from "../src/arrays.ts";
import { atOrUnder, lastValues, member, type DocObject } from "../src/doc.ts";
import { parseFast } from "../src/json5-fast.ts";
import { seeded } from "./helpers/seeded.ts";

/** What refusedValuesOnce and finalIssues asked before: every pointer of the set compared. */
const scan = (set: string[], p: string) => set.some((r) => p === r || p.startsWith(r + "/"));

describe("atOrUnder", () => {
  const pointers = ["", "/stores/0/memory", "/servers/1/listener/http", "/a~1b", "/x/0"];
  const asked = [
    "",
    "/stores",
    "/stores/0",
    "/stores/0/memory",
    "/stores/0/memory/eviction_policy/max_bytes",
    "/stores/0/memoryless",
    "/stores/10/memory",
    "/servers/1/listener/http/socket_address",
    "/servers/1/listener/https",
    "/a~1b",
    "/a~1b/c",
    "/a",
    "/x/0",
    "/x/00",
    "/x/0/y",
  ];

  it("answers as a scan of every pointer does, with and without the root among them", () => {
    for (const set of [pointers, pointers.slice(1), ["/x/0"], []]) {
      for (const p of asked) expect(atOrUnder(new Set(set), p), `${JSON.stringify(set)} ${p}`).toBe(scan(set, p));
    }
  });

  it("counts only whole keys: a sibling whose name starts the same is not inside", () => {
    const set = new Set(["/stores/0/memory"]);
    expect(atOrUnder(set, "/stores/0/memory/x")).toBe(true);
    expect(atOrUnder(set, "/stores/0/memoryless")).toBe(false);
    expect(atOrUnder(set, "/stores/0")).toBe(false);
  });
});

describe("groupBy", () => {
  it("keeps the items' order in each group and the keys in the order they first come", () => {
    const g = groupBy(["b1", "a1", "b2", "c1", "a2", "b3"], (s) => s[0]);
    expect([...g.keys()]).toEqual(["b", "a", "c"]);
    expect([...g.values()]).toEqual([["b1", "b2", "b3"], ["a1", "a2"], ["c1"]]);
  });

  it("groups 200,000 items into one group in place", () => {
    const items = Array.from({ length: 200_000 }, (_, i) => i);
    const g = groupBy(items, () => "all");
    expect(g.get("all")).toHaveLength(200_000);
    expect(g.get("all")![199_999]).toBe(199_999);
  });
});

describe("lastValues", () => {
  it("keeps what member() answers for each key, keys in the order they first come, over 300 generated objects with duplicate keys", () => {
    const rand = seeded(16);
    for (let c = 0; c < 300; c++) {
      const keys = Array.from({ length: rand(12) }, () => `k${rand(5)}`);
      const text = `{ ${keys.map((k, i) => `${k}: ${i}`).join(", ")} }`;
      const node = parseFast(text, 64) as DocObject;
      const kept = lastValues(node);
      expect([...kept.keys()], text).toEqual([...new Set(keys)]);
      for (const k of new Set(keys)) expect(kept.get(k), `${text} ${k}`).toBe(member(node, k));
      // The rules' test "is this member the one serde keeps" gives the same answer both ways.
      for (const m of node.members) expect(kept.get(m.key) === m.value, text).toBe(member(node, m.key) === m.value);
    }
  });
});

describe("maxOf", () => {
  it("answers what Math.max(floor, ...values) answers, empty lists and NaN included", () => {
    const cases: [number[], number | undefined][] = [[[], undefined], [[], 0], [[3, 1, 2], undefined], [[-5, -2], 0], [[1, NaN, 2], 0], [[-Infinity], undefined]];
    for (const [values, floor] of cases) {
      expect(maxOf(values, floor), JSON.stringify([values, floor])).toBe(floor === undefined ? Math.max(...values) : Math.max(floor, ...values));
    }
  });

  it("takes 1,000,000 values, which Math.max cannot take as arguments (the SVG of a graph of 160,000 edges stopped there)", () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => i % 1000);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(maxOf(values, 0)).toBe(999);
  });
});
