// Rust's `{:?}` of a str and a char, with the cases of Rust's own library tests: alloc's fmt tests
// (`format!("{:?}", ...)`) as they are, and the str::escape_debug cases of alloc's str tests turned
// into `{:?}` (which also escapes a grapheme-extended character after the first, and keeps `'`).
import { describe, expect, test } from "vitest";
import { rustCharDebug, rustStrDebug } from "../../src/rust/debug.ts";

describe("format!(\"{:?}\", s) for a str", () => {
  // library/alloc tests, fmt.rs: test_format_macro_interface
  test.each([
    ["true", '"true"'],
    ["foo\nbar", '"foo\\nbar"'],
    ["foo\n\"bar\"\r\n'baz'\t\\qux\\", String.raw`"foo\n\"bar\"\r\n'baz'\t\\qux\\"`],
    ["foo\0bar\x01baz\u{7f}q\u{75}x", String.raw`"foo\0bar\u{1}baz\u{7f}qux"`],
  ])("Rust's fmt test: %j", (input, expected) => {
    expect(rustStrDebug(input)).toBe(expected);
  });

  // library/alloc tests, str.rs: test_escape_debug, as `{:?}` prints the same strings.
  test.each([
    ["abc", '"abc"'],
    ["a c", '"a c"'],
    ["éèê", '"éèê"'],
    ["\0\r\n\t", String.raw`"\0\r\n\t"`],
    ["'\"\\", String.raw`"'\"\\"`], // `'` is escaped by escape_debug, not by {:?}
    ["\u{7f}\u{ff}", '"\\u{7f}\u{ff}"'],
    ["\u{100}\u{ffff}", '"\u{100}\\u{ffff}"'],
    ["\u{10000}\u{10ffff}", '"\u{10000}\\u{10ffff}"'],
    ["ab\u{200b}", '"ab\\u{200b}"'],
    ["\u{10d4ea}\r", '"\\u{10d4ea}\\r"'],
    // {:?} escapes every grapheme-extended character (escape_debug only a leading one).
    ["\u{301}a\u{301}bé\u{e000}", '"\\u{301}a\\u{301}bé\\u{e000}"'],
  ])("Rust's escape_debug test: %j", (input, expected) => {
    expect(rustStrDebug(input)).toBe(expected);
  });

  // The characters the old copies disagreed on: NEL (Cc), zero-width space (Cf), a combining mark.
  test.each([
    ["a\u{85}b", '"a\\u{85}b"'],
    ["a\u{200b}b", '"a\\u{200b}b"'],
    ["e\u{301}", '"e\\u{301}"'],
    ["\u{a0}", '"\\u{a0}"'], // Zs other than the space
    ["\u{8}\u{c}", '"\\u{8}\\u{c}"'], // no \b or \f in Rust
  ])("%j", (input, expected) => {
    expect(rustStrDebug(input)).toBe(expected);
  });
});

describe("format!(\"{:?}\", c) for a char", () => {
  test.each([
    ["☃", "'☃'"], // fmt.rs
    ["'", "'\\''"],
    ['"', "'\"'"],
    ["\u{301}", "'\\u{301}'"],
    ["\u{85}", "'\\u{85}'"],
  ])("%j", (input, expected) => {
    expect(rustCharDebug(input)).toBe(expected);
  });
});
