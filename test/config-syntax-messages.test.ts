// JSON5 syntax errors say what was expected, in the words of the hand-editing mistake, with the fix.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";

const CASES: [string, string, string][] = [
  ["a missing comma between members", "{\n  stores: []\n  servers: []\n}", "3:3 JSON5 syntax error: expected `,` or `}` after the value on line 2 | add a comma at the end of line 2"],
  [
    "a missing comma between list elements",
    '{ stores: [\n  { name: "a", memory: {} }\n  { name: "b", memory: {} }\n], servers: [] }',
    "3:3 JSON5 syntax error: expected `,` or `]` after the value on line 2 | add a comma at the end of line 2",
  ],
  ["text after the end", "{ stores: [], servers: [] } x", "1:29 JSON5 syntax error: unexpected text after the end of the config (its top-level value ended on line 1) | remove it, or move it inside the top-level object"],
  ["one `}` too many", "{ stores: [], servers: [] }\n}", "2:1 JSON5 syntax error: one `}` too many: the config's top-level value already ended on line 1 | remove this `}`, or the one that closes too early"],
  ["an unclosed string", '{ stores: [{ name: "a, memory: {} }], servers: [] }', '1:52 JSON5 syntax error: the string that starts on line 1 is never closed | add the closing " on line 1'],
  ["an unclosed list", "{ stores: [], servers: [", "1:25 JSON5 syntax error: the file ends before `]` closes the list opened on line 1 | add `]` where the list of line 1 should end"],
  ["an unclosed object", "{ stores: [], servers: []", "1:26 JSON5 syntax error: the file ends before `}` closes the object opened on line 1 | add `}` where the object of line 1 should end"],
  ["`=` instead of `:`", "{ stores = [], servers: [] }", '1:10 JSON5 syntax error: expected `:` after the key "stores", found `=` | write stores: ...'],
  ["an unquoted key with a dash", "{ stores: [], servers: [], my-key: 1 }", '1:30 JSON5 syntax error: the key my-key needs quotes: an unquoted key may hold only letters, digits, _ and $ | write "my-key": ...'],
  ["a missing value", "{ stores: , servers: [] }", "1:11 JSON5 syntax error: expected a value after `:` | give the key a value, or remove the key"],
];

describe("config-syntax messages", () => {
  for (const [name, text, want] of CASES) {
    it(name, async () => {
      const fs = await lint(text);
      expect(fs.filter((f) => f.ruleId === "config-syntax").map((f) => `${f.line}:${f.column} ${f.message} | ${f.hint}`)).toEqual([want]);
    });
  }
});
