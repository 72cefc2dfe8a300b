#!/usr/bin/env node
// Launcher for the bundled CLI (dist/cli.cjs). It is CommonJS written in the oldest syntax on purpose
// (bin/package.json makes this directory CommonJS): any Node can parse it, so a Node older than the
// package's "engines" gets one line and exit 3 here, before the bundle is loaded. Where Node has a
// module compile cache (module.enableCompileCache, Node 22.8 and later) it is turned on before the
// bundle is required, so later runs skip compiling it; older Nodes compile it on every run.
"use strict";

// Keep in step with "engines" in package.json (test/launcher.test.ts checks that they agree).
var MINIMUM = "20.19.0";

function parts(version) {
  var m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Why this Node cannot run the tool, as one line, or null when it can. */
function tooOld(version) {
  var have = parts(version);
  var need = parts(MINIMUM);
  if (have) {
    for (var i = 0; i < 3; i++) {
      if (have[i] > need[i]) return null;
      if (have[i] < need[i]) break;
      if (i === 2) return null;
    }
  }
  return "nativelink-preflight: needs Node.js " + MINIMUM.replace(/\.0$/, "") + " or newer, but this is Node.js " + version +
    " (" + process.execPath + "); install a newer Node.js";
}

function start() {
  var why = tooOld(process.versions.node);
  if (why) {
    process.stderr.write(why + "\n");
    process.exit(3);
  }
  var nodeModule = require("module");
  if (typeof nodeModule.enableCompileCache === "function") {
    // A cache directory that cannot be written only costs speed: Node then compiles as usual.
    try {
      nodeModule.enableCompileCache();
    } catch (e) {}
  }
  var cli;
  try {
    cli = require("../dist/cli.cjs");
  } catch (e) {
    // Only a broken install gets here (dist/cli.cjs missing or unreadable): say so, without a trace.
    process.stderr.write("nativelink-preflight: cannot load the bundled CLI (" + String((e && e.message) || e).split("\n")[0] + "); reinstall the package\n");
    process.exit(3);
  }
  cli.main();
}

if (require.main === module) start();
else module.exports = { MINIMUM: MINIMUM, tooOld: tooOld };
