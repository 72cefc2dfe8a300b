// A guard for tests that read the first item of a list the code under test returned.

/** The first item of a list; fails the test, naming `what`, when the list is empty. */
export function firstOf<T>(list: readonly T[], what = "finding"): T {
  const [first] = list;
  if (first === undefined) throw new Error(`expected a ${what}, got none`);
  return first;
}
