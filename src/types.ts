// The shared vocabulary of the engine, the rules and the reporters.

export type Severity = "error" | "warning" | "info";

export type Category =
  | "syntax"
  | "schema"
  | "value"
  | "reference"
  | "deprecation"
  | "tls"
  | "endpoint"
  | "network"
  | "filesystem"
  | "security"
  | "host";

export const CATEGORIES: readonly Category[] = [
  "syntax",
  "schema",
  "value",
  "reference",
  "deprecation",
  "tls",
  "endpoint",
  "network",
  "filesystem",
  "security",
  "host",
];

/** 1-based line and column; `end*` point one past the last character of the span. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A location in another place that helps explain a finding ("first defined here"). */
export interface RelatedLocation extends Span {
  file: string;
  pointer: string;
  message: string;
}

/** What a reporter receives: one fully located finding. */
export interface Finding extends Span {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** The config file as it was given on the command line. */
  file: string;
  /** RFC 6901 pointer to the value whose change fixes the finding. */
  pointer: string;
  /** What NativeLink itself would print, when it prints something. */
  nativelink?: string;
  /** How to fix it. */
  hint?: string;
  /** A shell command that shows the same problem with standard tools. */
  reproduce?: string;
  related?: RelatedLocation[];
  /** Set when an inline suppression or the project configuration silenced it. */
  suppressed?: { kind: "inline" | "config"; justification?: string };
  /** Text edits that fix it without changing the config's meaning (a `migrate` step); JSON and SARIF carry them. */
  fix?: FindingFix;
}

/** Replace the text at each `range` (same line/column convention as findings) by `text`; ranges do not overlap. */
export interface FindingFix {
  description: string;
  edits: { range: Span; text: string }[];
}

/** An example config for a rule's docs and tests. */
export interface RuleExample {
  /** JSON5 text of a whole config. */
  config: string;
  /** Extra files the example needs, relative to the config (tests write them to a temp dir). */
  files?: Record<string, string>;
  /** Permission bits to give some of those files (e.g. 0o600 for a private key). */
  modes?: Record<string, number>;
  /** Environment the example expects. */
  env?: Record<string, string>;
  /** How to encode `config` into the file's bytes (default utf8; latin1 shows an encoding problem). */
  encoding?: "utf8" | "latin1";
  /** For deployment rules: the other configs of the deployment, by file name, checked together with `config`. */
  peers?: Record<string, string>;
  /** For deployment rules: --host-map entries (host name → config file name). */
  hostMap?: Record<string, string>;
  /** "preflight-config" when the example is a .nativelink-preflight.json5, not a NativeLink config. */
  kind?: "nativelink" | "preflight-config";
  /** Profile, for the guide rules. */
  profile?: "development" | "production" | "strict";
  /** --run-as for the example (resolved against this host's account files). */
  runAs?: string;
  /** Mode of the config file, as if it were read from disk (e.g. 0o100644), for permission rules. */
  configMode?: number;
  /**
   * Host facts the example assumes: files (relative to the example dir) a git index holds; for
   * --on-host examples, files of a stand-in /proc (relative to it, e.g. "net/tcp") read instead of the real one.
   */
  host?: { gitTracked?: string[]; proc?: Record<string, string> };
  /** Check as --on-host does (host rules). */
  onHost?: boolean;
}

export interface RuleMeta {
  /** kebab-case, subject first; equal to the module's file name. */
  id: string;
  category: Category;
  severity: Severity;
  /** One line, lower-case start, no full stop. */
  summary: string;
  /** Why the rule exists: the NativeLink behaviour or documented practice it protects. */
  why: string;
  /** How to fix what it reports. */
  fix: string;
  /** The NativeLink messages it anticipates, and where they come from in the v1.6.6 source. */
  nativelink?: { message: string; source: string }[];
  /** Slugs of test/fixtures/reference/nativelink-1.6.6-errors.md entries this rule covers. */
  catalog?: string[];
  /**
   * Which documents the rule checks: each NativeLink config (default), this tool's own config, or
   * all the configs of a run together as one deployment.
   */
  appliesTo?: "nativelink" | "preflight-config" | "deployment";
  /** "post" rules run after the others and see their findings (suppression bookkeeping). */
  phase?: "post";
  /**
   * The rule judges the content or the permissions of a file the config names: the same finding at
   * several references to one file is one mistake, reported at the first with the others as related.
   */
  aboutFiles?: boolean;
  /**
   * The rule reports an error NativeLink's config loader (serde) stops at while reading the document:
   * only the first one the loader meets keeps NativeLink's text, and inside services.{cas,...} that text
   * is the untagged-enum message. "refuses-value": the loader refuses the value itself, so other rules'
   * findings at or inside that value are dropped (one mistake, one finding).
   */
  loader?: true | "refuses-value";
  /**
   * A practice of the NativeLink guides rather than something NativeLink refuses: its severity follows
   * --profile (info under development, error under strict; `severity` is the production default).
   */
  guide?: boolean;
  examples: { bad: RuleExample; good: RuleExample };
}

/**
 * Where a report or a related location is: its document node, whose own pointer and span the
 * finding takes (locations come from nodes); or a pointer with a node that is not the one it names
 * (a missing key, reported at the nearest node there is); or a pointer alone, for places no document
 * node is (the --connect checks' endpoints, places read before a document exists).
 */
export type Place = { at: string; node?: import("./doc.ts").DocNode } | { at?: undefined; node: import("./doc.ts").DocNode };

/** The pointer of a place: its own, or its node's. */
export function pointerOf(p: Place): string {
  return p.at ?? p.node.pointer;
}

/** What a rule yields: a place (the engine takes the span from its node), a message, and what helps fix it. */
export type Report = Place & {
  /** For deployment rules: which config of the run the finding belongs to (default: the checked one). */
  file?: string;
  message: string;
  nativelink?: string;
  hint?: string;
  reproduce?: string;
  /** Overrides the rule's default severity for this one report (e.g. a panic vs a warning). */
  severity?: Severity;
  /** Which part of a member to underline: its key or its value (the default). */
  target?: "key" | "value";
  /** Explicit span, for places outside the document tree (comments). */
  span?: Span;
  related?: RelatedPlace[];
  /**
   * Findings of other rules that say this report's mistake again at another place (a missing
   * listener where the server has the old listen_address): while this report is an error, they are
   * dropped (one mistake, one finding). Findings at this report's own place and at its related
   * places need no entry here (see releaseExplainsRefusal in src/engine.ts).
   */
  explains?: { rule: string; at: string }[];
};

export type RelatedPlace = Place & { file?: string; message: string };

export interface Rule {
  meta: RuleMeta;
  check(ctx: import("./context.ts").RuleContext): Iterable<Report>;
}

/** A failure of the tool itself, not of the config (exit code 3). */
export class ToolError extends Error {
  override name = "ToolError";
}

/** A command-line mistake (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}
