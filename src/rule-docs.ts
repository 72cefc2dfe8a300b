// A rule's documentation: its summary, why it exists, how to fix what it reports, what NativeLink
// says, its catalog entries and its examples; and the same texts of the --connect checks. A check
// reads none of it. In a checkout each rule's metadata holds its own, and src/connect/check-docs.ts
// the checks'; the bundle leaves them out of dist/cli.cjs and ships them as dist/rule-docs.json
// (scripts/bundle-options.mjs), read here the first time a command prints documentation (rules,
// explain, and the SARIF and JUnit formats).
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { RuleMeta } from "./types.ts";
import { ToolError } from "./types.ts";
import { describeReadFailure, readRegularFile } from "./read-bounded.ts";
import { NETWORK_CHECKS, type NetworkCheckId } from "./connect/ids.ts";
import { NETWORK_CHECK_DOCS, type NetworkCheckDocs } from "./connect/check-docs.ts";

/** The shape of dist/rule-docs.json. */
export interface ShippedDocs {
  rules: Record<string, RuleMeta>;
  networkChecks: Record<string, NetworkCheckDocs>;
}

let shipped: ShippedDocs | undefined;

function shippedDocs(): ShippedDocs {
  if (shipped) return shipped;
  const path = join(dirname(fileURLToPath(import.meta.url)), "rule-docs.json");
  const r = readRegularFile(path, 16 * 1024 * 1024);
  if (!r.ok) throw new ToolError(`cannot read the rules' documentation (${path}: ${describeReadFailure(r.failure)}); reinstall the package`);
  try {
    shipped = JSON.parse(r.bytes.toString("utf8")) as ShippedDocs;
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
  return shippedDocs().rules[meta.id] ?? noEntry(meta.id);
}

/** A --connect check's severity, with its summary, why and fix. */
export function networkCheckDocs(id: NetworkCheckId): (typeof NETWORK_CHECKS)[NetworkCheckId] & NetworkCheckDocs {
  return { ...NETWORK_CHECKS[id], ...(NETWORK_CHECK_DOCS?.[id] ?? shippedDocs().networkChecks[id] ?? noEntry(id)) };
}

function noEntry(id: string): never {
  throw new ToolError(`the rules' documentation has no entry for ${id}; reinstall the package`);
}
