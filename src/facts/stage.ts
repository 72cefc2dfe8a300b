// Facts are a stage of each check: memoized views over one config, created by the engine with the
// rule context and handed to every rule in it. Nothing is cached at module level or across configs.
export class FactStore {
  private readonly memo = new Map<string, unknown>();

  /** The value `compute` gives, computed once per key for this config. */
  once<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }
}
