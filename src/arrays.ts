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

/**
 * The largest of `values` and `floor`, as `Math.max(floor, ...values)` answers (NaN if any is NaN),
 * without passing every value as an argument: a graph of 160,000 edges ran out of stack there.
 */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let m = floor;
  for (const v of values) if (v > m || Number.isNaN(v)) m = v;
  return m;
}
