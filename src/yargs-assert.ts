// The two checks yargs makes with node:assert, for the bundle (scripts/bundle-options.mjs). Loading
// node:assert loads Node's colour support for its messages, which creates process.stderr to ask
// whether it is a terminal: node:stream and node:net for a pipe, a few milliseconds of every run
// that yargs parses, and stderr turned non-blocking. yargs uses them only to catch its own misuse
// (a positional or a key that is not a string), which this tool's fixed command definitions never
// make; the error is still thrown, in plain words.

export function strictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) throw new Error(message ?? "yargs: unexpected value");
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) throw new Error(message ?? "yargs: unexpected value");
}
