// Types for bundle-options.mjs.
export declare const BUNDLE_ID_PREFIX: string;
/** Builds dist/ into `outdir`; returns each file's text by name relative to it. */
export declare function buildDist(outdir: string, opts?: { minify?: boolean }): Promise<Record<string, string>>;
