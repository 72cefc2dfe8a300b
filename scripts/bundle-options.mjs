// How dist/ is built (the CLI and the GitHub Action). Shared by scripts/build.mjs and
// test/bundle.test.ts, which fails when the committed dist/ no longer matches a fresh build.
//
// dist/cli.cjs is one CommonJS file holding the CLI and the GitHub Action, required by the launcher
// (bin/nativelink-preflight.js) and by the Action's entry (dist/action.js) after each has turned on
// Node's module compile cache where Node has one, so later runs skip compiling the bundle.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { createHash } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundles JSON imports as JSON.parse of a string: V8 parses that much faster than the equivalent
 * object literal, which matters for the 100 KB type table at every start.
 */
const jsonAsParse = {
  name: "json-as-parse",
  setup(b) {
    b.onLoad({ filter: /generated[\\/][^\\/]+\.json$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const text = JSON.stringify(JSON.parse(await readFile(args.path, "utf8")));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: "js" };
    });
  },
};

/**
 * Two libraries touch process.stdout whatever the run writes, which makes Node create its stdout
 * stream (node:stream; node:net and node:tty for a pipe or a terminal) and, for a pipe, turns the
 * pipe non-blocking: picocolors reads process.stdout.isTTY when it loads, and yargs reads
 * process.stdout.columns when it loads and both streams' handles when it stops. In the bundle each
 * sees its own `process` from src/stdio.ts (processForColors, processForYargs): the real one, or,
 * where the descriptor is a pipe, a file or /dev/null, the same answers (no terminal, no width)
 * without the stream. Their code is otherwise untouched; a library that no longer starts as
 * expected stops the build.
 */
const LIBRARY_PROCESS = [
  { file: /[\\/]node_modules[\\/]picocolors[\\/]picocolors\.js$/, starts: /^let p = process \|\| \{\}/, factory: "processForColors" },
  // yargs' node:assert (which creates process.stderr when it loads) is src/yargs-assert.ts here.
  { file: /[\\/]node_modules[\\/]yargs[\\/]build[\\/]index\.cjs$/, starts: /^"use strict";var t=require\("assert"\);/, factory: "processForYargs", assert: true },
];
const libraryStdout = {
  name: "library-stdout",
  setup(b) {
    for (const { file, starts, factory, assert } of LIBRARY_PROCESS) {
      b.onLoad({ filter: file }, async (args) => {
        const { readFile } = await import("node:fs/promises");
        let text = await readFile(args.path, "utf8");
        if (!starts.test(text)) throw new Error(`${args.path}: no longer starts as scripts/bundle-options.mjs expects`);
        if (assert) text = text.replace('require("assert")', `require(${JSON.stringify(join(root, "src/yargs-assert.ts"))})`);
        const stdio = JSON.stringify(join(root, "src/stdio.ts"));
        // After a "use strict" directive, which must stay the module's first statement.
        const strict = /^"use strict";/.exec(text)?.[0] ?? "";
        return { contents: `${strict}var process = require(${stdio}).${factory}();\n${text.slice(strict.length)}`, loader: "js" };
      });
    }
  },
};

/** The rule metadata a check never reads: shipped as dist/rule-docs.json instead of in the code. */
export const RULE_DOC_FIELDS = ["summary", "why", "fix", "nativelink", "catalog", "examples"];

/**
 * The text of a rule module without the documentation fields (RULE_DOC_FIELDS) of the metadata it
 * passes to defineRule. The module must call defineRule with an object literal holding at least
 * `summary`, `why`, `fix` and `examples`: anything else throws, rather than ship a rule without its
 * documentation. A module that does not call defineRule is returned as it is.
 */
export async function stripRuleDocFields(text, path) {
  if (!text.includes("defineRule(")) return text;
  const ts = (await import("typescript")).default;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const cuts = [];
  let calls = 0;
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "defineRule") {
      calls++;
      const meta = node.arguments[0];
      if (!meta || !ts.isObjectLiteralExpression(meta)) throw new Error(`${path}: defineRule's first argument is not an object literal`);
      for (const p of meta.properties) {
        const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
        if (!RULE_DOC_FIELDS.includes(name)) continue;
        let end = p.end;
        while (/\s/.test(text[end] ?? "")) end++;
        if (text[end] === ",") end++;
        cuts.push([p.getStart(file), end, name]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (calls !== 1) throw new Error(`${path}: ${calls} calls of defineRule (a rule module makes one)`);
  for (const need of ["summary", "why", "fix", "examples"]) {
    if (!cuts.some((c) => c[2] === need)) throw new Error(`${path}: no \`${need}\` in defineRule's metadata`);
  }
  let out = text;
  for (const [start, end] of cuts.sort((x, y) => y[0] - x[0])) out = out.slice(0, start) + out.slice(end);
  return out;
}

/**
 * Leaves the documentation out of each rule module in the bundle (stripRuleDocFields), so a check
 * neither reads nor evaluates it; the constants only the examples used then go with esbuild's tree
 * shaking. buildDist writes every rule's whole metadata, evaluated from the sources, to
 * dist/rule-docs.json, which src/rule-docs.ts reads when a command prints documentation.
 */
const stripRuleDocs = {
  name: "strip-rule-docs",
  setup(b) {
    // The --connect checks' texts: the whole module's table goes (src/rule-docs.ts reads the file).
    b.onLoad({ filter: /[\\/]src[\\/]connect[\\/]check-docs\.ts$/ }, () => ({
      contents: "export const NETWORK_CHECK_DOCS = undefined;\n",
      loader: "ts",
    }));
    b.onLoad({ filter: /[\\/]rules[\\/][a-z0-9-]+\.ts$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const text = await readFile(args.path, "utf8");
      const isRule = dirname(args.path) === join(root, "rules") && !/[\\/]index\.ts$/.test(args.path);
      return { contents: isRule ? await stripRuleDocFields(text, args.path) : text, loader: "ts" };
    });
  },
};

/**
 * Every rule's whole metadata and the --connect checks' texts, evaluated from the sources (a second,
 * unminified bundle of rules/index.ts and src/connect/check-docs.ts run in this process), in the key
 * order of each source: the text of dist/rule-docs.json (`ShippedDocs` in src/rule-docs.ts).
 */
async function ruleDocsText() {
  const r = await build({
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    write: false,
    logLevel: "warning",
    plugins: [jsonAsParse],
    define: { "import.meta.url": "__nlpModuleUrl" },
    stdin: {
      contents: `import { RULES } from "./rules/index.ts";\nimport { NETWORK_CHECK_DOCS } from "./src/connect/check-docs.ts";\nmodule.exports = { metas: RULES.map((r) => r.meta), networkChecks: NETWORK_CHECK_DOCS };`,
      resolveDir: root,
      loader: "ts",
    },
  });
  const mod = { exports: {} };
  const { createRequire } = await import("node:module");
  new Function("module", "exports", "require", "__nlpModuleUrl", r.outputFiles[0].text)(mod, mod.exports, createRequire(join(root, "package.json")), "file:///");
  const rules = {};
  for (const meta of mod.exports.metas) rules[meta.id] = meta;
  return JSON.stringify({ rules, networkChecks: mod.exports.networkChecks }) + "\n";
}

/**
 * string-width (through yargs' cliui, for the width of help text) counts an emoji as two columns with
 * emoji-regex 8, a 10 KB pattern of the RGI emoji sequences written out. JavaScript has the same set
 * as a property of the regular expression engine (`\p{RGI_Emoji}` with the v flag, Node 20 and
 * later), so the bundle uses that instead; test/rule-docs.test.ts compares the two on emoji of every
 * kind, and the bundle's help texts with the sources'.
 */
export const EMOJI_REGEX_SHIM = "module.exports = () => /\\p{RGI_Emoji}/gv;\n";
const emojiRegexShim = {
  name: "emoji-regex-shim",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]emoji-regex[\\/]index\.js$/ }, () => ({ contents: EMOJI_REGEX_SHIM, loader: "js" }));
  },
};

/**
 * wrap-ansi (through yargs' cliui) reads only ansi-styles' `codes`; ansi-styles requires color-convert
 * (10 KB of color-space conversions) only for its 256-color and true-color helpers, each made the first
 * time it is read. The bundle carries an empty table in its place: read anyway, those helpers would be
 * empty, not wrong. test/rule-docs.test.ts fails if wrap-ansi starts reading anything else of it.
 */
const COLOR_CONVERT_SHIM = "module.exports = {};\n";
const colorConvertShim = {
  name: "color-convert-shim",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]color-convert[\\/]index\.js$/ }, () => ({ contents: COLOR_CONVERT_SHIM, loader: "js" }));
  },
};

/**
 * yargs requires require-directory and get-caller-file for one method, commandDir (commands read from
 * the files of a directory), which this tool does not call. The bundle carries a function that
 * throws in their place; test/rule-docs.test.ts fails if yargs starts calling either elsewhere.
 */
const COMMAND_DIR_SHIM = 'module.exports = () => { throw new Error("yargs\' commandDir is not in this bundle"); };\n';
const commandDirShim = {
  name: "command-dir-shim",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/](require-directory[\\/]index|get-caller-file[\\/]index)\.js$/ }, () => ({ contents: COMMAND_DIR_SHIM, loader: "js" }));
  },
};

/**
 * y18n (yargs' messages in the user's language) reads its strings from locale files beside yargs,
 * which the bundle does not ship: every message is the English it is called with. This stand-in
 * formats them as y18n does (util.format, and for __n the singular for 1 and %d given the count),
 * and keeps what yargs' updateStrings gives it; test/rule-docs.test.ts compares it with y18n.
 */
export const Y18N_SHIM = `"use strict";
const { format } = require("util");
module.exports = () => {
  let locale = "en";
  const strings = {};
  return {
    __: (s, ...a) => format(strings[s] || s, ...a),
    __n: (one, other, n, ...a) => {
      const s = strings[one] ? strings[one][n === 1 ? "one" : "other"] : n === 1 ? one : other;
      return format(s, ...(s.includes("%d") ? [n] : []), ...a);
    },
    setLocale: (l) => void (locale = l),
    getLocale: () => locale,
    updateLocale: (o) => void Object.assign(strings, o),
  };
};
`;
const y18nShim = {
  name: "y18n-shim",
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]y18n[\\/]build[\\/]index\.cjs$/ }, () => ({ contents: Y18N_SHIM, loader: "js" }));
  },
};

const GENERATED = "// Generated by scripts/build.mjs: do not edit.\n";

function common(minify) {
  return {
    bundle: true,
    platform: "node",
    target: "node20",
    minify,
    legalComments: "none",
    logLevel: "warning",
    plugins: [jsonAsParse, libraryStdout, stripRuleDocs, emojiRegexShim, colorConvertShim, commandDirShim, y18nShim],
    write: false,
  };
}

/**
 * The Action's entry (node24): Node's compile cache on, then the shared bundle, or a workflow error
 * (never a stack trace) if it cannot load.
 */
const ACTION_ENTRY = `import * as nodeModule from "node:module";

// A cache directory that cannot be written only costs speed: Node then compiles as usual.
try {
  nodeModule.enableCompileCache?.();
} catch {}
let cli;
try {
  cli = nodeModule.createRequire(import.meta.url)("./cli.cjs");
} catch (e) {
  const why = String(e?.message ?? e).split("\\n")[0].replace(/%/g, "%25").replace(/\\r/g, "%0D");
  process.stdout.write(\`::error title=nativelink-preflight::cannot load the bundled CLI: \${why}\\n\`);
  process.exit(3);
}
await cli.actionMain();
`;

/** Builds dist/ into `outdir` and returns the files written, by name relative to it. */
export async function buildDist(outdir, { minify = true } = {}) {
  const cli = await build({
    ...common(minify),
    entryPoints: [join(root, "src/bundle.ts")],
    outfile: join(outdir, "cli.cjs"),
    format: "cjs",
    // import.meta.url has no meaning in CommonJS: the bundle computes its own file URL once.
    define: { "import.meta.url": "__nlpModuleUrl" },
    banner: { js: `"use strict";\nconst __nlpModuleUrl = require("node:url").pathToFileURL(__filename).href;` },
  });
  const text = cli.outputFiles[0].text;
  // The launcher names its code cache by this hash of the bundle's text, read from the first line, so
  // that it never hashes the 1 MB itself at start-up.
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 20);
  const files = {
    "cli.cjs": GENERATED.replace("\n", ` Text hash ${hash}.\n`) + text,
    "action.js": GENERATED + ACTION_ENTRY,
    "rule-docs.json": await ruleDocsText(),
  };
  mkdirSync(outdir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outdir, name), text);
  return files;
}
