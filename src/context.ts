// What a rule sees: the loaded file, the pipeline's findings so far, the typed model, and the
// injected environment and clock. Built once per config by the engine; read-only for rules.
import type { LoadedFile } from "./load.ts";
import type { Normalized } from "./normalize.ts";
import type { SchemaIssue } from "./type-issues.ts";
import type { ConfigModel } from "./model.ts";
import type { EnvLookup } from "./values/index.ts";
import type { FileFacts } from "./files.ts";
import type { Directive } from "./suppress.ts";
import type { Finding } from "./types.ts";
import type { FactStore } from "./facts/stage.ts";

/**
 * How the guides' security practices are enforced: development makes them infos; production makes
 * them warnings, except what has no legitimate production use (errors); strict makes them errors.
 */
export type Profile = "development" | "production" | "strict";

export const PROFILES: readonly Profile[] = ["development", "production", "strict"];

/** A proxy, sidecar or mesh that handles TLS for some listeners and hosts (settings file tlsProxies). */
export interface TlsProxy {
  /** Server names or socket_address values (as written or expanded). */
  listeners: string[];
  /** URI hosts NativeLink dials in plaintext that the proxy carries over TLS. */
  hosts: string[];
  /** What handles TLS (the recorded reason). */
  by: string;
  /** The proxy also requires client certificates. */
  clientCertificates: boolean;
}

export interface CheckOptions {
  profile: Profile;
  /** The moment certificates and CRLs are judged at. */
  now: Date;
  expiryWarnDays: number;
  lenientEnv: boolean;
  /** Where NativeLink will run (relative paths resolve against it). */
  cwd: string;
  runAs?: string;
  /** Report suppression directives that silence nothing (on by default in CI). */
  reportUnusedSuppressions?: boolean;
  /** Directory the config paths on the command line are relative to (default: the process's). */
  cwdForInputs?: string;
  /** Listeners and hosts whose TLS a proxy handles (settings file). */
  tlsProxies?: TlsProxy[];
  /** --on-host: the check runs on the machine NativeLink will run on (host rules run; every file must exist). */
  onHost?: boolean;
  /** --path-map FROM=TO: files under FROM on the target host are read from TO here. */
  pathMap?: import("./path-map.ts").PathMapEntry[];
  /** --systemd-unit FILE, read: the unit NativeLink runs under. */
  systemdUnit?: import("./host/systemd.ts").SystemdUnit & { path: string };
}

export interface RuleContext {
  file: string;
  load: LoadedFile;
  /** Present when the file parsed. */
  normalized?: Normalized;
  schemaIssues: SchemaIssue[];
  /** Present when the file parsed into an object. */
  model?: ConfigModel;
  env: EnvLookup;
  options: CheckOptions;
  /** Memoized views over this config (src/facts/), created with this context. */
  facts: FactStore;
  /** Facts about the files the config names (certificates, keys, CRLs), read once per path. */
  files: FileFacts;
  /** Suppression directives found in the file's comments. */
  directives: Directive[];
  /** For "post" rules: every finding of the other rules, before suppressions are applied. */
  findings: readonly Finding[];
  /** For deployment rules: every config of the run, checked together. */
  deployment?: Deployment;
  /** For rules that apply to this tool's own config file: what loading it found. */
  projectConfig?: import("./project-config.ts").ProjectConfigCheck;
  /** Facts about the host the engine gathered for rules (src/host-facts.ts); absent when not gathered. */
  host?: HostFacts;
}

export interface HostFacts {
  /** Resolved paths of the private key files the config names that a git index holds (committed or staged). */
  gitTracked?: Set<string>;
  /** The user NativeLink runs as (--run-as), resolved from the host's account files. */
  runAs?: import("./host-users.ts").HostUser;
  /** Without --on-host: resolved paths of absolute files that are not on this machine (left to the target host). */
  absentHere?: Set<string>;
  /** With --on-host: facts about this host for the host rules. */
  target?: import("./host/facts.ts").TargetFacts;
}

/** One config of a deployment, as its own checks saw it. */
export interface DeployedConfig {
  file: string;
  load: LoadedFile;
  model: ConfigModel;
  files: FileFacts;
  /** The config's own memoized facts (an endpoint's URI is parsed once for its rules and the deployment's). */
  facts: FactStore;
  /** The settings file's tlsProxies entries for this config. */
  tlsProxies?: TlsProxy[];
  /** The certificate-expiry warning window this config was checked with (--expiry-warn-days, settings, 30). */
  expiryWarnDays?: number;
}

export interface Deployment {
  configs: DeployedConfig[];
  /** --host-map: host name (as written in URIs) → config file of the run that serves it. */
  hostMap: Map<string, string>;
}
