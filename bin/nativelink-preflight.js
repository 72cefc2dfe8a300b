#!/usr/bin/env node
// Launcher for the bundled CLI (dist/cli.cjs). It is CommonJS written in the oldest syntax on purpose
// (bin/package.json makes this directory CommonJS): any Node can parse it, so a Node older than the
// package's "engines" gets one line and exit 3 here, before the bundle is loaded. Where Node has a
// The bundle is evaluated with a V8 code cache the launcher records after a first run (see
// loadWithCodeCache), on every Node; where that cannot be, it is required as usual, with Node's own
// module compile cache turned on where Node has one (module.enableCompileCache, Node 22.8 and later).
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

/**
 * Evaluates the bundle with a V8 code cache that this launcher records at the end of a first run, in
 * the temporary directory (where Node keeps its own compile cache), keyed to the Node version and
 * the bundle's text. Recorded after the run, the cache holds the functions that run compiled (the
 * rules, the parser), not only the top-level code Node's own compile cache holds. Returns null (and
 * the caller requires the bundle as usual) when the cache is turned off or the bundle cannot be
 * read; a cache that cannot be written only costs speed.
 */
function loadWithCodeCache(nodeModule, file) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return null;
  var fs = require("fs");
  var path = require("path");
  var vm = require("vm");
  var source;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (e) {
    return null;
  }
  var uid = typeof process.getuid === "function" ? process.getuid() : null;
  var dir = path.join(require("os").tmpdir(), "nativelink-preflight-cache" + (uid === null ? "" : "-" + uid));
  // Cached code is run as it stands: only a directory of this user that no one else can write is used.
  if (uid !== null) {
    var dirStat;
    try {
      dirStat = fs.lstatSync(dir);
    } catch (e) {
      try {
        fs.mkdirSync(dir, { mode: 448 }); // 0700
        dirStat = fs.lstatSync(dir);
      } catch (e2) {
        return null;
      }
    }
    if (!dirStat.isDirectory() || dirStat.uid !== uid || (dirStat.mode & 18) !== 0) return null; // 18: 0022
  }
  // The build writes a hash of the bundle's text into its first line; size and modification time
  // guard against a bundle edited by hand. V8 itself checks only the length of the text.
  var hash = /Text hash ([0-9a-f]+)\./.exec(source.slice(0, source.indexOf("\n")));
  if (!hash) return null;
  var stat = fs.statSync(file);
  var cacheFile = path.join(dir, [process.version, process.arch, hash[1], stat.size, Math.floor(stat.mtimeMs)].join("-"));
  // A cache holds what its run compiled: one written by a run that checked nothing (--version,
  // --help) lacks the rules and the parser. A run that checks prefers the cache of a check
  // ("-check"), and writes one at exit if it had only the other.
  var checkCacheFile = cacheFile + "-check";
  var cachedData;
  var fromCheck = false;
  try {
    cachedData = fs.readFileSync(checkCacheFile);
    fromCheck = true;
  } catch (e) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch (e2) {}
  }
  var script = new vm.Script(nodeModule.wrap(source), { filename: file, cachedData: cachedData });
  // NODE_DEBUG=nativelink-preflight says what became of the cache, as NODE_DEBUG_NATIVE=COMPILE_CACHE
  // does for Node's own.
  var debug = /(^|,)nativelink-preflight(,|$)/.test(process.env.NODE_DEBUG || "");
  if (debug) process.stderr.write("nativelink-preflight code cache " + (fromCheck ? checkCacheFile : cacheFile) + ": " + (!cachedData ? "none" : script.cachedDataRejected ? "rejected" : "accepted") + "\n");
  var usable = cachedData && !script.cachedDataRejected;
  if (!usable || !fromCheck) {
    process.once("exit", function () {
      var checked = typeof m.exports.ranCheck === "function" && m.exports.ranCheck();
      if (usable && !checked) return;
      if (checked) cacheFile = checkCacheFile;
      try {
        var data = script.createCachedData();
        if (uid === null) fs.mkdirSync(dir, { recursive: true });
        var tmp = cacheFile + "." + process.pid + ".tmp";
        fs.writeFileSync(tmp, data, { mode: 384 }); // 0600
        fs.renameSync(tmp, cacheFile);
        if (debug) process.stderr.write("nativelink-preflight code cache " + cacheFile + ": written\n");
        pruneCodeCaches(fs, path, dir, [path.basename(cacheFile), path.basename(checkCacheFile)], debug);
      } catch (e) {}
    });
  }
  var m = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(m.exports, m.exports, nodeModule.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  return m.exports;
}

/** Cache files older than this are removed when a new one is written (each bundle and Node adds one). */
var CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes this launcher's cache files (and leftovers of interrupted writes) not written for 30 days,
 * other than `keep`: each new bundle or Node version adds a 1-2 MB file, which nothing else removes.
 * Only names this launcher writes are touched; a cache in use that old is written again by its next run.
 */
function pruneCodeCaches(fs, path, dir, keep, debug) {
  var now = Date.now();
  var names = fs.readdirSync(dir);
  for (var i = 0; i < names.length; i++) {
    var name = names[i];
    if (keep.indexOf(name) >= 0 || !/^v\d+\.\d+\.\d+-[A-Za-z0-9_]+-[0-9a-f]+-\d+-\d+(-check)?(\.\d+\.tmp)?$/.test(name)) continue;
    try {
      var st = fs.lstatSync(path.join(dir, name));
      if (!st.isFile() || now - st.mtimeMs < CACHE_MAX_AGE_MS) continue;
      fs.unlinkSync(path.join(dir, name));
      if (debug) process.stderr.write("nativelink-preflight code cache " + path.join(dir, name) + ": removed (unused for 30 days)\n");
    } catch (e) {}
  }
}

function start() {
  var why = tooOld(process.versions.node);
  if (why) {
    process.stderr.write(why + "\n");
    process.exit(3);
  }
  var nodeModule = require("module");
  var file = require("path").join(__dirname, "..", "dist", "cli.cjs");
  var cli;
  try {
    cli = loadWithCodeCache(nodeModule, file);
    if (!cli) {
      if (typeof nodeModule.enableCompileCache === "function") {
        // A cache directory that cannot be written only costs speed: Node then compiles as usual.
        try {
          nodeModule.enableCompileCache();
        } catch (e) {}
      }
      cli = require(file);
    }
  } catch (e) {
    // Only a broken install gets here (dist/cli.cjs missing or unreadable): say so, without a trace.
    process.stderr.write("nativelink-preflight: cannot load the bundled CLI (" + String((e && e.message) || e).split("\n")[0] + "); reinstall the package\n");
    process.exit(3);
  }
  cli.main();
}

if (require.main === module) start();
else module.exports = { MINIMUM: MINIMUM, tooOld: tooOld };
