// The drawing's view of a deployment of many configs: each config's box takes its own clients and
// listeners from a grouping made once, not from a pass over all of them (issue 16).
import { describe, expect, it } from "vitest";
import { graphView } from "../../src/graph/view.ts";
import type { DeploymentGraph } from "../../src/graph/model.ts";

/** The array, counting every element read from it. */
function counted<T>(items: T[], reads: { n: number }): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads.n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

describe("graphView", () => {
  it("reads each listener and client a bounded number of times, however many configs there are", () => {
    const n = 2_000;
    const reads = { n: 0 };
    const configs = Array.from({ length: n }, (_, i) => ({ kind: "config", id: `c${i}`, file: `c${i}.json5` }));
    const listeners = Array.from({ length: n }, (_, i) => ({
      kind: "listener",
      id: `l${i}`,
      configId: `c${i}`,
      name: `servers[0]`,
      address: `0.0.0.0:${10_000 + i}`,
      security: "tls",
      services: ["cas"],
      file: `c${i}.json5`,
      pointer: "/servers/0",
    }));
    const clients = Array.from({ length: n }, (_, i) => ({ kind: "client", id: `k${i}`, configId: `c${(i + 1) % n}`, label: `stores[0] "REMOTE"`, file: `c${i}.json5`, pointer: "/stores/0" }));
    const graph = { configs, listeners: counted(listeners, reads), clients: counted(clients, reads), dangling: [], edges: [], connections: [] } as unknown as DeploymentGraph;
    const view = graphView([graph], []);
    expect(view.boxes).toHaveLength(n);
    expect(view.boxes[5]!.nodes.map((x) => x.id)).toEqual(["k4", "l5"]);
    expect(view.boxes[0]!.nodes.map((x) => x.id)).toEqual([`k${n - 1}`, "l0"]);
    // Before: every box looked at every client and listener (2 * n * n reads).
    expect(reads.n).toBeLessThan(20 * n);
  });
});
