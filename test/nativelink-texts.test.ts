// The replays' check of `nativelink` texts must be able to fail: what it accepts and refuses.
import { describe, expect, it } from "vitest";
import { NativelinkTexts, errorChain, readCatalog } from "./helpers/nativelink-texts.ts";

const t = new NativelinkTexts();

describe("texts NativeLink prints for a config", () => {
  it("reads the catalog's 173 entries", () => expect(readCatalog().length).toBe(173));

  it("accepts the loader's own message for a refused config, white space aside", () => {
    expect(t.prints("invalid digit found in string", "invalid digit found in string")).toBe(true);
    expect(t.prints("  --> 1:9\n  |\n1 | x\n  |\n  = expected EOI", "  --> 1:9   | 1 | x   |   = expected EOI")).toBe(true);
  });

  it("refuses loader texts that are not this config's message", () => {
    expect(t.prints("invalid type: map, expected struct EvictionPolicy", "invalid digit found in string")).toBe(false);
    expect(t.prints("missing field `vserver_name`", "missing field `endpoint`")).toBe(false);
    expect(t.prints("missing field `stores`", undefined)).toBe(false);
  });

  it("accepts startup failures of the catalog, alone or as NativeLink's error chain", () => {
    expect(t.prints("'cas_store': 'X' does not exist", undefined)).toBe(true);
    expect(t.prints("CAS and AC use the same store 'S' in the config", undefined)).toBe(true);
    expect(t.prints('Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open cert file /c.pem", "main() function failed"] }', undefined)).toBe(true);
  });

  it("refuses text the catalog does not have, and chains with such a piece", () => {
    expect(t.prints("invalid URL, scheme is missing", undefined)).toBe(false);
    expect(t.prints('Error { code: NotFound, messages: ["No such file or directory (os error 2)", "something else"] }', undefined)).toBe(false);
    expect(t.prints("Could not open cert file", undefined)).toBe(false);
  });

  it("parses NativeLink's Debug form, nested messages included", () => {
    expect(errorChain('Error { code: Internal, messages: ["a \\"b\\"", "c"] }')).toEqual(['a "b"', "c"]);
    expect(errorChain("not a chain")).toBeUndefined();
  });
});
