// A small seeded random source (xorshift32) for generated test inputs: the same seed gives the same
// inputs on every run, so a failure names a case that can be replayed.

/** A function giving integers in [0, n), from `seed`. */
export function seeded(seed: number): (n: number) => number {
  let s = seed | 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}
