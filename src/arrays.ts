// `target.push(...items)` passes every item as an argument, and V8 runs out of stack somewhere past
// 100,000 of them: a config of many stores, servers or findings reaches that. Appending one by one
// has no such limit.

/** Appends every item of `items` to `target`, in order. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/**
 * The items by key: each group in the items' order, the keys in the order they first come. Each group
 * grows in place (a copy of the group for every item is quadratic in the group's size).
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
