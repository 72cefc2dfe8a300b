// `migrate`: rewrites a config from an older NativeLink release into the target's form, one named step
// at a time. Each step edits the text at the spans of a freshly parsed document, so what no step
// touches (comments, key order, quotes, trailing commas, indentation) stays byte for byte.
import { parseConfigText, type LoadedFile } from "../load.ts";
import type { DocNode } from "../doc.ts";
import type { Span } from "../types.ts";
import { applyEdits, rangeSpan, styleOf, type TextEdit } from "./text.ts";
import { STEPS_TO_1_6_6, TARGETS, type MigrateStep } from "./steps.ts";

export { STEPS_TO_1_6_6, TARGETS };
export type { MigrateStep, TextEdit };

export interface AppliedStep {
  step: MigrateStep;
  /** How many edits the step made. */
  edits: number;
}

export interface MigrateDecision extends Span {
  step: string;
  release: string;
  message: string;
  hint: string;
}

export interface MigrateResult {
  text: string;
  applied: AppliedStep[];
  decisions: MigrateDecision[];
  /** Set when the text does not parse: nothing was changed. */
  problem?: string;
}

function parse(text: string): DocNode | undefined {
  const loaded: LoadedFile = parseConfigText({ file: "", path: "", comments: [] }, Buffer.from(text, "utf8"));
  return loaded.problem ? undefined : loaded.root;
}

/** Runs `steps` (default: every step to v1.6.6) over `text`. */
export function migrateText(text: string, steps: readonly MigrateStep[] = STEPS_TO_1_6_6): MigrateResult {
  let root = parse(text);
  if (!root) return { text, applied: [], decisions: [], problem: "the config does not parse as JSON5; fix its syntax first (nativelink-preflight check says where)" };
  const applied: AppliedStep[] = [];
  const decisions: MigrateDecision[] = [];
  // New lines in the file's own line ends: a CRLF file stays CRLF.
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  for (const step of steps) {
    let next: string | undefined;
    let reparsed: DocNode | undefined;
    let edits: TextEdit[] = [];
    try {
      edits = step.edits({ text, root, style: styleOf(text, root) }).map((e) => ({ range: e.range, text: e.text.replace(/\r?\n/g, eol) }));
      if (edits.length === 0) continue;
      next = applyEdits(text, edits);
      reparsed = parse(next);
    } catch {
      reparsed = undefined;
    }
    if (!reparsed || next === undefined) {
      // A layout the step cannot edit safely: the file stays as the steps before left it, and says so.
      decisions.push({ step: step.id, release: step.release, message: `the ${step.id} step could not rewrite this layout safely, so it left the file as it was`, hint: `make this change by hand: ${step.summary}`, line: 1, column: 1, endLine: 1, endColumn: 1 });
      continue;
    }
    text = next;
    root = reparsed;
    applied.push({ step, edits: edits.length });
  }
  const style = styleOf(text, root);
  for (const step of steps) {
    for (const d of step.decisions?.({ text, root, style }) ?? []) {
      const range: [number, number] = d.keyOf?.keyRange ?? d.node.range;
      decisions.push({ step: step.id, release: step.release, message: d.message, hint: d.hint, ...rangeSpan(text, range) });
    }
  }
  return { text, applied, decisions };
}

