// --connect: proves every endpoint the checked configs dial, the way NativeLink will dial it. Loaded
// only when --connect is given. The endpoints come from the deployment facts (facts/deployment.ts);
// each probe gathers what the network answered, and `findings.ts` says what that means for NativeLink.
import type { DeployedConfig, RuleContext } from "../context.ts";
import { deploymentOf, spanFor } from "../engine.ts";
import { clients, listeners } from "../facts/deployment.ts";
import { applyDirectives } from "../suppress.ts";
import type { Finding, Report, Severity } from "../types.ts";
import { pointerOf } from "../types.ts";
import { NETWORK_CHECKS, type NetworkCheckId } from "./ids.ts";
import { type Deadline } from "./net.ts";
import { grpcTargetOf, listenerTargetOf, nativeRootFacts, type RunFacts } from "./targets.ts";
import { probeGrpc } from "./grpc.ts";
import { clientReports, listenerReports } from "./findings.ts";
import { redisJobs } from "./redis-targets.ts";
import { mongoJobs } from "./mongo.ts";
import { cloudJobs } from "./cloud.ts";
import { pushAll } from "../arrays.ts";

export interface ConnectOptions {
  /** Per-endpoint budget, milliseconds. */
  timeoutMs: number;
  /** How many endpoints are probed at once. */
  concurrency: number;
  /** Also dial the configs' own listeners from this host. */
  listeners: boolean;
  /** Report endpoints that answered as they should (infos). */
  verbose: boolean;
  now: Date;
  /** --connect-resolve HOST=ADDR[:PORT]. */
  resolve?: Map<string, { address: string; port?: number }>;
  /** The settings file's rule severities for a config ("off" silences a check). */
  severitiesFor?: (file: string) => Record<string, Severity | "off"> | undefined;
}

/** One endpoint to probe, and where its findings belong. */
export interface Job {
  config: DeployedConfig;
  run: (d: Deadline) => Promise<(Report & { id: NetworkCheckId })[]>;
}

export async function connectFindings(contexts: RuleContext[], hostMap: Map<string, string>, o: ConnectOptions): Promise<Finding[]> {
  const dep = deploymentOf(contexts, hostMap);
  const byFile = new Map(contexts.map((c) => [c.file, c]));
  const env = (file: string) => byFile.get(file)!.env;
  const facts: RunFacts = { now: o.now, roots: () => (facts.rootsMemo ??= nativeRootFacts()) };
  const jobs: Job[] = [];
  for (const c of clients(dep)) {
    const t = grpcTargetOf(c, facts);
    if (!t) continue;
    jobs.push({ config: c.config, run: async (d) => clientReports(c, t, await probeGrpc(t, d), o) });
  }
  if (o.listeners) {
    for (const l of listeners(dep)) {
      const t = listenerTargetOf(l, facts);
      jobs.push({ config: l.config, run: async (d) => listenerReports(l, t, await probeGrpc(t, d), o) });
    }
  }
  for (const config of dep.configs) {
    pushAll(jobs, redisJobs(config, o));
    pushAll(jobs, mongoJobs(config, o));
    pushAll(jobs, cloudJobs(config, env(config.file), o, facts));
  }
  const out: Finding[] = [];
  await pool(jobs, o.concurrency, async (job) => {
    const deadline = { at: Date.now() + o.timeoutMs, resolve: o.resolve };
    let reports: (Report & { id: NetworkCheckId })[];
    try {
      reports = await job.run(deadline);
    } catch (e) {
      // A probe's own failure is a finding about that endpoint, never a stack trace.
      reports = [];
      out.push(toFinding(job.config, { id: "connect-endpoint", at: "", message: `the connection check failed: ${(e as Error).message}`, severity: "warning" }, byFile.get(job.config.file)!, o));
    }
    for (const r of reports) {
      if (r.severity === "info" && !o.verbose) continue;
      if (o.severitiesFor?.(job.config.file)?.[r.id] === "off") continue;
      out.push(toFinding(job.config, r, byFile.get(job.config.file)!, o));
    }
  });
  return out;
}

function toFinding(config: DeployedConfig, r: Report & { id: NetworkCheckId }, ctx: RuleContext, o: ConnectOptions): Finding {
  const root = config.load.root!;
  const f: Finding = {
    ruleId: r.id,
    category: "network",
    severity: (o.severitiesFor?.(config.file)?.[r.id] as Severity | undefined) ?? r.severity ?? NETWORK_CHECKS[r.id].severity,
    message: r.message,
    file: config.file,
    ...spanFor(root, pointerOf(r), r.target, r.node),
    pointer: pointerOf(r),
  };
  if (r.nativelink) f.nativelink = r.nativelink;
  if (r.hint) f.hint = r.hint;
  if (r.reproduce) f.reproduce = r.reproduce;
  applyDirectives([f], ctx.directives);
  return f;
}

/** Runs `work` over `items` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
