// The migrate steps as fixes of the findings that report the old forms: JSON findings carry them as
// `fix`, SARIF results as `fixes`, and `check --fix` applies them. Only findings whose fix keeps the
// config's meaning get one: the deprecated forms v1.6.6 still reads (services maps, the bytestream
// object, redis_store's old settings) and the older-release forms config-release reports.
import type { DocNode } from "../doc.ts";
import { locate } from "../doc.ts";
import type { Finding, FindingFix } from "../types.ts";
import type { LoadedFile } from "../load.ts";
import { migrateText, STEPS_TO_1_6_6 } from "./index.ts";
import { lineEdits } from "./diff.ts";
import { rangeSpan, styleOf, type TextEdit } from "./text.ts";
import { DocSource } from "../doc-nodes.ts";

const STEP_OF_RULE: Record<string, string> = {
  "deprecated-services-map": "services-list",
  "deprecated-bytestream-form": "bytestream-list",
  "redis-store-deprecated": "redis-deprecated-settings",
};

/** Adds `fix` to the findings of one loaded config that a migrate step fixes. */
export function attachFixes(findings: Finding[], loaded: LoadedFile): Finding[] {
  const text = loaded.text;
  const root = loaded.root;
  if (text === undefined || !root || loaded.problem) return findings;
  let whole: FindingFix | null | undefined;
  const stepEdits = new Map<string, ByStart>();
  // Every range of these fixes is in this one text: its line index is made once, when first needed.
  let lines: DocSource | undefined;
  const spanOf = (range: [number, number]) => rangeSpan((lines ??= new DocSource(text)), range);
  return findings.map((f) => {
    if (f.file !== loaded.file || f.suppressed) return f;
    if (f.ruleId === "config-release") {
      if (whole === undefined) whole = wholeMigration(text);
      return whole ? { ...f, fix: whole } : f;
    }
    const stepId = STEP_OF_RULE[f.ruleId];
    if (!stepId) return f;
    const step = STEPS_TO_1_6_6.find((s) => s.id === stepId)!;
    if (!stepEdits.has(stepId)) stepEdits.set(stepId, byStart(editsOrNone(() => step.edits({ text, root, style: styleOf(text, root) }))));
    const scope = scopeOf(root, f);
    if (!scope) return f;
    const edits = within(stepEdits.get(stepId)!, scope.range);
    if (edits.length === 0) return f;
    return { ...f, fix: { description: `${step.summary} (nativelink-preflight migrate step ${step.id}, ${step.release})`, edits: edits.map((e) => ({ range: spanOf(e.range), text: e.text })) } };
  });
}

/** A step's edits, and their indexes in the order of where they start. */
interface ByStart {
  edits: TextEdit[];
  order: number[];
}

function byStart(edits: TextEdit[]): ByStart {
  return { edits, order: edits.map((_, i) => i).sort((i, j) => edits[i]!.range[0] - edits[j]!.range[0] || i - j) };
}

/**
 * The edits inside `range`, in the step's order. Only those starting in it are looked at (found by a
 * binary search): each fixable finding filtering every edit of its step was quadratic in a config
 * of many servers with services maps (8,000: 14.4 s).
 */
function within({ edits, order }: ByStart, range: [number, number]): TextEdit[] {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edits[order[mid]!]!.range[0] < range[0]) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let i = lo; i < order.length && edits[order[i]!]!.range[0] <= range[1]; i++) if (edits[order[i]!]!.range[1] <= range[1]) found.push(order[i]!);
  return found.sort((i, j) => i - j).map((i) => edits[i]!);
}

/** A step that cannot handle this layout offers no fix; the check itself must not fail for it. */
function editsOrNone(edits: () => TextEdit[]): TextEdit[] {
  try {
    return edits();
  } catch {
    return [];
  }
}

/** The node whose text a finding's fix may change: the services map, the bytestream object, the redis_store. */
function scopeOf(root: DocNode, f: Finding): DocNode | undefined {
  if (f.ruleId === "redis-store-deprecated") {
    const m = /^(.*\/redis_store)(\/|$)/.exec(f.pointer);
    return m ? exact(root, m[1]!) : undefined;
  }
  // The bytestream finding about max_decoding_message_size is fixed by the one about the object.
  if (/\/max_decoding_message_size$/.test(f.pointer)) return undefined;
  return exact(root, f.pointer);
}

function exact(root: DocNode, pointer: string): DocNode | undefined {
  const l = locate(root, pointer);
  return l.exact ? l.node : undefined;
}

/** Every step at once, as line edits of the original text; null when nothing changes. */
function wholeMigration(text: string): FindingFix | null {
  const r = migrateText(text);
  if (r.problem || r.text === text) return null;
  const lines = new DocSource(text);
  return {
    description: `rewrite the config in the v1.6.6 form (nativelink-preflight migrate: ${r.applied.map((a) => a.step.id).join(", ")})`,
    edits: lineEdits(text, r.text).map((e) => ({ range: rangeSpan(lines, e.range), text: e.text })),
  };
}
