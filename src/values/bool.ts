// `convert_boolean_with_shellexpand` from NativeLink v1.6.6 nativelink-config/src/serde_utils.rs.
//
// A JSON boolean is taken as is. A string must not be empty (the message then says "number",
// sic), is expanded, trimmed, lowercased and must then be exactly `true` or `false`
// (Rust's `bool::from_str`). Anything else is serde's invalid-type error.

import { shellExpand, type EnvLookup } from "./shellexpand.ts";
import {
  EMPTY_NOT_A_NUMBER,
  invalidType,
  rustTrim,
  visitJson,
  type JsonInput,
  type ValueResult,
} from "./numeric.ts";

export const BOOL_EXPECTING = "a boolean or a shell-expandable string that is a boolean";
/** Display text of `core::str::ParseBoolError`. */
export const PARSE_BOOL_ERROR = "provided string was not `true` or `false`";

export function convertBool(input: JsonInput, env: EnvLookup): ValueResult<boolean> {
  const visited = visitJson(input);
  if (!visited.ok) return visited;
  const v = visited.value;
  if (v.kind === "bool") return { ok: true, value: v.value };
  if (v.kind !== "str") return invalidType(v, BOOL_EXPECTING);
  if (v.value.length === 0) return { ok: false, message: EMPTY_NOT_A_NUMBER };
  const expanded = shellExpand(v.value, env);
  if (!expanded.ok) return { ok: false, message: expanded.message };
  const s = rustTrim(expanded.value).toLowerCase();
  if (s === "true") return { ok: true, value: true };
  if (s === "false") return { ok: true, value: false };
  return { ok: false, message: PARSE_BOOL_ERROR };
}
