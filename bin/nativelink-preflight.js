#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/cli.cjs by `npm run build`; bin/load-bundle.js evaluates
// it with the code cache recorded at install time, when there is one that fits.
import { loadCli } from "./load-bundle.js";

let loaded;
try {
  loaded = loadCli();
} catch (e) {
  // Only a broken install gets here (dist/cli.cjs missing or unreadable): say so, without a trace.
  process.stderr.write(`nativelink-preflight: cannot load the bundled CLI (${e?.message ?? e}); reinstall the package\n`);
  process.exit(3);
}
if (process.env.NATIVELINK_PREFLIGHT_DEBUG) process.stderr.write(`nativelink-preflight: code cache ${loaded.cache}\n`);
await loaded.exports.main();
