// A check walks without the canonical copy (normalize's `canonical: false`); the walk's judgements must
// be the ones of the full walk that the schema-differential test holds to the published schema: the same
// diagnostics, issues, unread values and side maps, over every config among the fixtures and verdicts.
import { describe, expect, it } from "vitest";
import { momoaTree } from "../src/load.ts";
import { fixtureTexts } from "./helpers/fixture-texts.ts";
import { normalize, type Normalized } from "../src/normalize.ts";
import type { DocNode } from "../src/doc.ts";

const texts = fixtureTexts();

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
