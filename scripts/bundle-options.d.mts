// Types for bundle-options.mjs.
import type { BuildOptions } from "esbuild";
export declare function bundleOptions(outdir: string, opts?: { minify?: boolean }): BuildOptions;
