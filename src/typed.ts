// Typed reads of the document: a struct's member by a key the generated types know, so that a
// misspelt key is a compile error rather than a value that is never found.
import type { DocNode } from "./doc.ts";
import { member } from "./doc.ts";
import type { EnumTags, EnumVariants, StructKeys } from "./generated/nativelink-types.ts";

/**
 * The value NativeLink reads for `key` of the `struct` at `node` (the later of two equal keys, as
 * `member()`), or undefined. `struct` names the generated type; `key` must be one of its keys.
 */
export function field<S extends keyof StructKeys>(node: DocNode | undefined, _struct: S, key: StructKeys[S]): DocNode | undefined {
  return member(node, key);
}

/** The payload of variant `name` of the externally tagged `enumName` written at `node` (`{ name: payload }`). */
export function variant<E extends keyof EnumVariants>(node: DocNode | undefined, _enum: E, name: EnumVariants[E]): DocNode | undefined {
  return member(node, name);
}

/** The tag member of the internally tagged `enumName` written at `node` (`{ provider: "azure", ... }`): the variant's name as written. */
export function tag<E extends keyof EnumTags>(node: DocNode | undefined, _enum: E, key: EnumTags[E]): DocNode | undefined {
  return member(node, key);
}
