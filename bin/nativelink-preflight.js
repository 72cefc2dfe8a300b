#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/cli.cjs by `npm run build`; bin/load-bundle.js evaluates
// it with the code cache recorded at install time, when there is one that fits.
import { loadCli } from "./load-bundle.js";

const { exports: cli, cache } = loadCli();
if (process.env.NATIVELINK_PREFLIGHT_DEBUG) process.stderr.write(`nativelink-preflight: code cache ${cache}\n`);
await cli.main();
