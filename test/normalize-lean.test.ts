// A check walks without the canonical copy (normalize's `canonical: false`); the walk's judgements must
// be the ones of the full walk that the schema-differential test holds to the published schema: the same
// diagnostics, issues, unread values and side maps, over every config among the fixtures and verdicts.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { momoaTree } from "../src/load.ts";
import { normalize, type Normalized } from "../src/normalize.ts";
import type { DocNode } from "../src/doc.ts";

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.json5?$/.test(e) && !e.endsWith("verdicts.json")) out.push(p);
  }
  return out;
}

const fixtures = join(import.meta.dirname, "fixtures");
const verdicts = JSON.parse(readFileSync(join(fixtures, "reference/nativelink-1.6.6-verdicts.json"), "utf8")) as { config_json5: string }[];
const texts = [...walk(fixtures).map((f) => readFileSync(f, "utf8")), ...walk(join(import.meta.dirname, "golden")).map((f) => readFileSync(f, "utf8")), ...verdicts.map((v) => v.config_json5)];

/** Everything of a walk but the canonical copy, with nodes named by their pointers. */
function judged(n: Normalized): unknown {
  const byNode = <T>(m: Map<DocNode, T>) => [...m].map(([node, v]) => [node.pointer, v]);
  const plainDiag = n.diagnostics.map((d) => ({ ...d, node: d.node?.pointer }));
  const plainIssues = n.issues.map((i) => ({ ...i, node: i.node?.pointer }));
  return { diagnostics: plainDiag, issues: plainIssues, unread: [...n.unread], typeAt: byNode(n.typeAt), fieldAt: byNode(n.fieldAt), values: byNode(n.values), variantAt: byNode(n.variantAt) };
}

describe("normalize without the canonical copy", () => {
  it("judges every fixture and verdict config as the full walk does", () => {
    const env = { get: (name: string) => (name === "UNSET" ? undefined : `v-${name}`) };
    let walked = 0;
    for (const text of texts) {
      const root = momoaTree(text);
      if (root instanceof Error) continue;
      const full = normalize(root, { env });
      const lean = normalize(root, { env, canonical: false });
      expect(judged(lean)).toEqual(judged(full));
      walked++;
    }
    expect(walked).toBeGreaterThan(500);
  });
});
