// The config file itself must be a readable, bounded, UTF-8 text file.
import { defineRule } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "config-readable",
    category: "filesystem",
    severity: "error",
    summary: "the config file must be a readable regular UTF-8 file of sane size",
    why: "NativeLink reads the whole config into a string before parsing; a missing, unreadable, binary or non-UTF-8 file stops it before anything else.",
    fix: "Point at the right file, fix its permissions, or re-save it as UTF-8 text.",
    nativelink: [
      { message: "Could not open config file {path}", source: "nativelink-config/src/cas_server.rs:1249" },
      { message: "stream did not contain valid UTF-8", source: "std::fs::read_to_string" },
    ],
    catalog: ["config-file-unreadable"],
    examples: {
      bad: { config: "// saved as Latin-1 by an old editor: caf\u00e9\n{ stores: [], servers: [] }", encoding: "latin1" },
      good: { config: "{ stores: [], servers: [] }" },
    },
  },
  function* (ctx) {
    const p = ctx.load.problem;
    if (!p || !["unreadable", "not-regular", "too-large", "invalid-utf8", "binary"].includes(p.code)) return;
    yield { at: "", message: p.message, nativelink: p.nativelink, hint: p.hint };
  },
);
