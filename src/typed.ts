// Typed reads of the document: keys the generated types know, so that a misspelt key, or a key of
// another struct, is a compile error rather than a value that is never found. The handles below are
// how the model, the facts and the rules read; field() and tag() name the type at the read, for a
// walk over every object where a key's name says what its value is (config-release).
import type { DocNode } from "./doc.ts";
import { member } from "./doc.ts";
import type { CasConfig, EnumTags, SchedulerSpec, SchedulerSpecVariant, ServicesConfig, ServicesConfigKey, StoreSpec, StoreSpecVariant, StructKeys } from "./generated/nativelink-types.ts";

/**
 * The value NativeLink reads for `key` of the `struct` at `node` (the later of two equal keys, as
 * `member()`), or undefined. `struct` names the generated type; `key` must be one of its keys.
 */
export function field<S extends keyof StructKeys>(node: DocNode | undefined, _struct: S, key: StructKeys[S]): DocNode | undefined {
  return member(node, key);
}

/** The tag member of the internally tagged `enumName` written at `node` (`{ provider: "azure", ... }`): the variant's name as written. */
export function tag<E extends keyof EnumTags>(node: DocNode | undefined, _enum: E, key: EnumTags[E]): DocNode | undefined {
  return member(node, key);
}

// ---- typed handles -----------------------------------------------------------------------------
// A document node known to sit where NativeLink reads a value of the generated type T. Reads from a
// handle name only the key: its type says which keys there are and what each holds, so the type
// flows from the root (`doc(root)` is a CasConfig) down every read, and a key of another struct
// (a server's key read on a store) is as much a compile error as a misspelt one. The handle is the
// node itself: T exists only for the compiler. A plain DocNode is accepted where a handle is
// expected (the document's nodes are DocNodes), so a read is as sure as the place its node came
// from: handles come from doc(), get(), items(), entries(), storeBody(), schedulerBody(),
// serviceBody(), and the model's typed fields.

declare const NODE_TYPE: unique symbol;

/** A node where NativeLink reads a T. */
export type Typed<T> = DocNode & { readonly [NODE_TYPE]?: T };

type Present<T> = Exclude<T, null | undefined>;
/** The keys of T's object forms (distributed over a union): a struct's fields, an enum's variant keys. */
export type KeysOf<T> = T extends readonly unknown[] ? never : T extends object ? keyof T & string : never;
/** What `K` holds in T's object forms that have it. */
export type At<T, K extends string> = T extends readonly unknown[] ? never : T extends object ? (K extends keyof T ? Present<T[K]> : never) : never;
/** The element of T's list forms. */
export type ElementOf<T> = T extends readonly (infer E)[] ? E : never;

/** The root of a config: NativeLink reads it as a CasConfig. */
export function doc(root: DocNode): Typed<CasConfig> {
  return root;
}

/** The value NativeLink reads for `key` (a field, or the variant key of an externally tagged enum), or undefined. */
export function get<T, K extends KeysOf<Present<T>>>(node: Typed<T> | undefined, key: K): Typed<At<Present<T>, K>> | undefined {
  return member(node, key);
}

/** The items of a list (none when the node is not a list). */
export function items<T>(node: Typed<T> | undefined): Typed<ElementOf<Present<T>>>[] {
  return node?.kind === "array" ? node.items : [];
}

/** The body of a store spec of this kind (the object under its variant key), or undefined for another kind. */
export function storeBody<K extends StoreSpecVariant>(spec: { kind: string; body: DocNode }, kind: K): Typed<At<StoreSpec, K>> | undefined {
  return spec.kind === kind ? spec.body : undefined;
}

/** The body of a scheduler spec of this kind, or undefined for another kind. */
export function schedulerBody<K extends SchedulerSpecVariant>(spec: { kind: string; body: DocNode }, kind: K): Typed<At<SchedulerSpec, K>> | undefined {
  return spec.kind === kind ? spec.body : undefined;
}

/** A services entry's type: the element of a key's list form, the value of its map form, or the struct itself. */
type EntryOf<T> = T extends readonly (infer E)[] ? E : string extends keyof T ? ValueOf<T> : T;

/** What a service entry of `S` holds (`services.execution[i]`, or a value of the older map form). */
export type ServiceBody<S extends ServicesConfigKey> = EntryOf<At<ServicesConfig, S>>;

/** The body of a service entry of this service, or undefined for another service. */
export function serviceBody<S extends ServicesConfigKey>(entry: { service: string; body: DocNode }, service: S): Typed<ServiceBody<S>> | undefined {
  return entry.service === service ? entry.body : undefined;
}

/** The value type of a map (`HashMap<String, V>`, a Record in the generated types). */
export type ValueOf<T> = T extends readonly unknown[] ? never : string extends keyof T ? T[string & keyof T] : never;

/** A map's entries as written (duplicate keys included, in order), each value a handle of the map's value type. */
export function entries<T>(node: Typed<T> | undefined): { key: string; value: Typed<ValueOf<Present<T>>> }[] {
  return node?.kind === "object" ? node.members : [];
}
