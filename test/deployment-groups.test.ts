// Which configs of one run are checked together as a deployment: the same directory by default,
// groups named in the settings file, --deployment for the whole run, --no-deployment for none; and
// how --host-map names the config that serves a host.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, plainCheckLine, run, toCheckArgs } from "../src/cli.ts";
import { deploymentGraph, graphCounts } from "../src/graph/model.ts";
import { WORKER_API, peerConfig, server, workerConfig } from "./helpers/deployment.ts";

interface Finding {
  ruleId: string;
  severity: string;
  file: string;
  message: string;
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run({ argv: [...argv, "--format", "json"], env: {}, cwd, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
  return { code, findings: stdout ? (JSON.parse(stdout).findings as Finding[]) : [], stderr };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nlp-groups-"));
  mkdirSync(join(dir, ".git"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** The deployment findings, as `file severity rule`. */
const deployment = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith("deployment-")).map((f) => `${f.file} ${f.severity} ${f.ruleId}`);

// A scheduler whose worker API speaks TLS (its files are missing: that is the scheduler config's own finding).
const TLS_SCHEDULER = peerConfig([server("0.0.0.0:50061", WORKER_API, `{ cert_file: "/etc/nl/s.pem", key_file: "/etc/nl/s-key.pem", client_ca_file: "/etc/nl/ca.pem" }`)]);
const PLAIN_SCHEDULER = peerConfig([server("0.0.0.0:50061", WORKER_API)]);
const PLAIN_WORKER = (host: string) => workerConfig(`{ uri: "grpc://${host}:50061" }`);
const LOOPBACK_WORKER = PLAIN_WORKER("localhost");

describe("deployment groups", () => {
  it("a staging worker is not checked against the prod scheduler (different directories)", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "staging/worker.json5": PLAIN_WORKER("scheduler.staging.internal") });
    const r = await cli(["prod/scheduler.json5", "staging/worker.json5"], dir);
    expect(deployment(r.findings)).toEqual([]);
  });

  it("never matches an unmapped host name by port alone: one info saying which --host-map would check it", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "prod/worker.json5": PLAIN_WORKER("scheduler.internal") });
    const r = await cli(["prod/"], dir);
    expect(r.findings.filter((f) => f.ruleId.startsWith("deployment-")).map((f) => `${f.file} ${f.severity} ${f.ruleId} ${f.message}`)).toEqual([
      `prod/worker.json5 info deployment-endpoint-listener worker "worker_0" connects to grpc://scheduler.internal:50061, which no config of the deployment is known to serve, so this connection is not checked; --host-map scheduler.internal=prod/scheduler.json5 would check it against servers[0] (0.0.0.0:50061) of prod/scheduler.json5`,
    ]);
    const mapped = await cli(["prod/", "--host-map", "scheduler.internal=prod/scheduler.json5"], dir);
    expect(deployment(mapped.findings)).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
  });

  it("groups configs of the same directory by default, each directory on its own (the pre-commit case)", async () => {
    const dir = tree({
      "prod/scheduler.json5": TLS_SCHEDULER,
      "prod/worker.json5": LOOPBACK_WORKER,
      "staging/scheduler.json5": PLAIN_SCHEDULER,
      "staging/worker.json5": LOOPBACK_WORKER,
      "dev/worker.json5": LOOPBACK_WORKER,
      "edge/worker.json5": LOOPBACK_WORKER,
    });
    // The order pre-commit passes staged files in: interleaved directories, one process.
    const r = await cli(["staging/worker.json5", "prod/worker.json5", "dev/worker.json5", "staging/scheduler.json5", "edge/worker.json5", "prod/scheduler.json5"], dir);
    expect(deployment(r.findings)).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
  });

  it("groups configs named together in the settings file, across directories", async () => {
    const dir = tree({
      ".nativelink-preflight.json5": `{ deployments: { prod: ["prod/**/*.json5"], staging: ["staging/*.json5"] } }`,
      "prod/schedulers/scheduler.json5": TLS_SCHEDULER,
      "prod/workers/worker.json5": LOOPBACK_WORKER,
      "staging/scheduler.json5": TLS_SCHEDULER,
      "staging/workers/worker.json5": LOOPBACK_WORKER,
    });
    const r = await cli(["."], dir);
    // staging/workers/worker.json5 is in no group: it falls back to its directory, where it is alone.
    expect(deployment(r.findings)).toEqual(["prod/workers/worker.json5 error deployment-scheme-tls"]);
  });

  it("validates the deployments setting against its schema", async () => {
    const dir = tree({ ".nativelink-preflight.json5": `{ deployments: { prod: "prod/*.json5" } }`, "prod/a.json5": PLAIN_SCHEDULER });
    const r = await cli(["prod/a.json5"], dir);
    expect(r.findings.filter((f) => f.ruleId === "preflight-config").map((f) => f.message)).toEqual(["/deployments/prod must be array"]);
  });

  it("--deployment checks the whole run as one deployment", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "staging/worker.json5": LOOPBACK_WORKER });
    const r = await cli(["prod/scheduler.json5", "staging/worker.json5", "--deployment"], dir);
    expect(deployment(r.findings)).toEqual(["staging/worker.json5 error deployment-scheme-tls"]);
  });

  it("--no-deployment turns deployment checks off", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "prod/worker.json5": LOOPBACK_WORKER });
    expect(deployment((await cli(["prod/"], dir)).findings)).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
    expect(deployment((await cli(["prod/", "--no-deployment"], dir)).findings)).toEqual([]);
    // As with every negated flag, the last one given wins.
    expect(deployment((await cli(["prod/", "--deployment", "--no-deployment"], dir)).findings)).toEqual([]);
    expect(deployment((await cli(["prod/", "--no-deployment", "--deployment"], dir)).findings)).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
  });
});

describe("a deployment let go once checked", () => {
  // collect() with `release` runs each deployment's rules after its last file and drops its documents;
  // without it (the GitHub format, --connect, --host-map) every deployment is kept to the end.
  const argsOf = (argv: string[]) => {
    const v = plainCheckLine(argv)! as Record<string, string | boolean | string[] | undefined>;
    return toCheckArgs(v, v.files as string[]);
  };
  const io = (cwd: string) => ({ argv: [], env: {}, cwd, stdout: () => {}, stderr: () => {}, isTTY: false });

  it("finds what a run that keeps every deployment finds, and counts the same graph", async () => {
    const dir = tree({
      ".nativelink-preflight.json5": `{ deployments: { prod: ["prod/**/*.json5"] } }`,
      "prod/schedulers/scheduler.json5": TLS_SCHEDULER,
      "prod/workers/worker.json5": PLAIN_WORKER("localhost"),
      "staging/scheduler.json5": PLAIN_SCHEDULER,
      "staging/worker.json5": LOOPBACK_WORKER,
      "dev/worker.json5": LOOPBACK_WORKER,
    });
    // Interleaved: each deployment's last file comes after files of others.
    const argv = ["staging/worker.json5", "prod/workers/worker.json5", "dev/worker.json5", "staging/scheduler.json5", "prod/schedulers/scheduler.json5", "--format", "human"];
    const kept = await collect(argsOf(argv), io(dir));
    const released = await collect(argsOf(argv), io(dir), { release: true, graphCounts: true });
    expect(released.findings).toEqual(kept.findings);
    expect(deployment(released.findings as Finding[])).toEqual(["prod/workers/worker.json5 error deployment-scheme-tls"]);
    expect(released.deployments).toEqual([]);
    expect(kept.deployments.map((d) => d.configs.map((c) => c.file))).toEqual([["staging/worker.json5", "staging/scheduler.json5"], ["prod/workers/worker.json5", "prod/schedulers/scheduler.json5"], ["dev/worker.json5"]]);
    const counts = graphCounts(kept.deployments.map(deploymentGraph), kept.findings);
    expect(counts.edges).toBeGreaterThan(0);
    expect(counts.broken).toBeGreaterThan(0);
    expect(released.graph).toEqual(counts);
  });

  it("keeps every deployment when --host-map names configs across them", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "staging/worker.json5": PLAIN_WORKER("scheduler.internal") });
    const args = { ...argsOf(["staging/worker.json5", "prod/scheduler.json5"]), deployment: true };
    const plain = await collect(args, io(dir), { release: true });
    expect(plain.deployments).toEqual([]);
    // The host map is resolved against every config of the run, so nothing is let go early.
    const mapped = await collect({ ...args, hostMap: ["scheduler.internal=prod/scheduler.json5"] }, io(dir), { release: true });
    expect(mapped.deployments.map((d) => [...d.hostMap])).toEqual([[["scheduler.internal", "prod/scheduler.json5"]]]);
    expect(deployment(mapped.findings as Finding[])).toEqual(["staging/worker.json5 error deployment-scheme-tls"]);
  });
});

describe("--host-map HOST=CONFIG", () => {
  const files = {
    "prod/scheduler.json5": TLS_SCHEDULER,
    "prod/worker.json5": PLAIN_WORKER("scheduler.internal"),
    "staging/scheduler.json5": TLS_SCHEDULER,
    "staging/worker.json5": PLAIN_WORKER("scheduler.internal"),
  };

  it("accepts the config as given, as ./x, absolute, or by a name only one config has", async () => {
    const dir = tree(files);
    for (const name of ["prod/scheduler.json5", "./prod/scheduler.json5", join(dir, "prod/scheduler.json5"), "prod//scheduler.json5"]) {
      const r = await cli(["prod/", "staging/", "--host-map", `scheduler.internal=${name}`], dir);
      expect(r.stderr, name).toBe("");
      expect(deployment(r.findings).filter((f) => !f.includes(" info ")), name).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
    }
    const single = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "prod/worker.json5": PLAIN_WORKER("scheduler.internal") });
    const r = await cli(["prod/", "--host-map", "scheduler.internal=scheduler.json5"], single);
    expect(deployment(r.findings)).toEqual(["prod/worker.json5 error deployment-scheme-tls"]);
  });

  it("an unknown or ambiguous name is a usage error that lists the names it accepts", async () => {
    const dir = tree(files);
    const unknown = await cli(["prod/", "staging/", "--host-map", "scheduler.internal=sched.json5"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "--host-map scheduler.internal=sched.json5: no config of the run is named sched.json5; give one of prod/scheduler.json5, prod/worker.json5, staging/scheduler.json5, staging/worker.json5",
    );
    const ambiguous = await cli(["prod/", "staging/", "--host-map", "scheduler.internal=scheduler.json5"], dir);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("--host-map scheduler.internal=scheduler.json5: scheduler.json5 may be prod/scheduler.json5 or staging/scheduler.json5; give one of them");
    const malformed = await cli(["prod/", "--host-map", "scheduler.internal"], dir);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--host-map expects HOST=CONFIG, got "scheduler.internal"');
  });
});

describe("deployment findings and secrets", () => {
  it("a password in a worker's URI is hidden by the report's redactor, as everywhere else", async () => {
    const dir = tree({ "prod/scheduler.json5": TLS_SCHEDULER, "prod/worker.json5": PLAIN_WORKER("nl:S3cr3t-dep-pw@localhost") });
    const { findings } = await cli(["prod/"], dir);
    const scheme = findings.filter((f) => f.ruleId === "deployment-scheme-tls");
    expect(scheme.length).toBe(1);
    expect(scheme[0]!.message).toContain("nl:<redacted>@localhost");
    expect(JSON.stringify(findings)).not.toContain("S3cr3t-dep-pw");
  });
});
