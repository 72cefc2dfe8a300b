// Types for action-build-options.mjs.
import type { BuildOptions } from "esbuild";
export declare function actionBuildOptions(outfile: string): BuildOptions;
