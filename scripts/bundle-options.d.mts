// Types for bundle-options.mjs.
/** Builds dist/ into `outdir`; returns each file's text by name relative to it. */
export declare function buildDist(outdir: string, opts?: { minify?: boolean }): Promise<Record<string, string>>;
/** The rule metadata fields the bundle leaves out (dist/rule-docs.json holds them). */
export declare const RULE_DOC_FIELDS: readonly string[];
/** A rule module's text without the documentation fields of its defineRule metadata. */
export declare function stripRuleDocFields(text: string, path: string): Promise<string>;
/** The module the bundle uses for emoji-regex (string-width's emoji pattern). */
export declare const EMOJI_REGEX_SHIM: string;
/** The module the bundle uses for y18n (yargs' messages, English only). */
export declare const Y18N_SHIM: string;
