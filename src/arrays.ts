// `target.push(...items)` passes every item as an argument, and V8 runs out of stack somewhere past
// 100,000 of them: a config of many stores, servers or findings reaches that. Appending one by one
// has no such limit.

/** Appends every item of `items` to `target`, in order. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
