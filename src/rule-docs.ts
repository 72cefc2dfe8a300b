// A rule's documentation: its summary, why it exists, how to fix what it reports, what NativeLink
// says, its catalog entries and its examples. A check reads none of it. In a checkout each rule's metadata
// holds it; the bundle leaves those fields out of dist/cli.cjs and ships every rule's whole
// metadata as dist/rule-docs.json (scripts/bundle-options.mjs), read here the first time a command
// prints documentation (rules, explain, and the SARIF and JUnit formats).
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { RuleMeta } from "./types.ts";
import { ToolError } from "./types.ts";
import { describeReadFailure, readRegularFile } from "./read-bounded.ts";

let shipped: Record<string, RuleMeta> | undefined;

function shippedDocs(): Record<string, RuleMeta> {
  if (shipped) return shipped;
  const path = join(dirname(fileURLToPath(import.meta.url)), "rule-docs.json");
  const r = readRegularFile(path, 16 * 1024 * 1024);
  if (!r.ok) throw new ToolError(`cannot read the rules' documentation (${path}: ${describeReadFailure(r.failure)}); reinstall the package`);
  try {
    shipped = JSON.parse(r.bytes.toString("utf8")) as Record<string, RuleMeta>;
  } catch {
    throw new ToolError(`cannot read the rules' documentation (${path} is not JSON); reinstall the package`);
  }
  return shipped;
}

/** The rule's whole metadata, documentation included, in its source's key order. */
export function documented(meta: RuleMeta): RuleMeta {
  // The type says every rule has a summary, as the sources do; in the bundle it is left out.
  const asBundled: Partial<RuleMeta> = meta;
  if (asBundled.summary !== undefined) return meta;
  const full = shippedDocs()[meta.id];
  if (!full) throw new ToolError(`the rules' documentation has no entry for ${meta.id}; reinstall the package`);
  return full;
}
