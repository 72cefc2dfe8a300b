// V8 keeps a string made by `+` or a template literal as a tree of its pieces (a 32-byte node per
// join) until something reads it character by character. A finding's message is made of 10 to 20
// pieces and lives until the report is written: in a heap snapshot of 17,088 findings, such trees
// were 15 of 49 MB (docs/design.md, "Speed, sixth round"). Running a regular expression over a
// string makes V8 copy it into one flat string in place, and the pieces become garbage.

const START = /^/;

/** `s` itself, made one flat string in V8's heap (the same text; nothing is copied when it already is one). */
export function flat(s: string): string {
  START.test(s);
  return s;
}

/**
 * The text to keep: `last` itself where it is the same text (a rule that reports thousands of places
 * often gives each the same hint or message), else `text` made flat.
 */
export function keepText(text: string, last: string | undefined): string {
  return text === last ? last : flat(text);
}
