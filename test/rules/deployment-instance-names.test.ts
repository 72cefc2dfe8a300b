import { describe, expect, it } from "vitest";
import { lintDeployment } from "../helpers/lint.ts";
import { CAS_SERVICES, WORKER_API, dlines, grpcStore, peerConfig, server, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-instance-names";
const MAP = { "scheduler.internal": "scheduler.json5", "cas.internal": "cas.json5" };
const LAZY = "NativeLink starts (grpc stores connect lazily), then every request through this store fails";
const SCHED = peerConfig([server("0.0.0.0:50061", WORKER_API)]);
const withStore = (store: string) => workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, "", store);
const CAS = (services = CAS_SERVICES()) => peerConfig([server("0.0.0.0:50051", services)]);
/** A config whose scheduler UP forwards to the upstream; its execution and capabilities entries use `instance`. */
const FORWARDER = (instance: string, caps = true) =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "UP", grpc: { endpoint: { address: "grpc://scheduler.internal:50052" } } }], servers: [${server(
    "0.0.0.0:50052",
    `{ execution: [{ instance_name: "${instance}", cas_store: "CAS", scheduler: "UP" }]${caps ? `, capabilities: [{ instance_name: "${instance}", remote_execution: { scheduler: "UP" } }]` : ""} }`,
  )}] }`;
const UPSTREAM = (caps: string) =>
  peerConfig([server("0.0.0.0:50052", `{ execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "MAIN" }], capabilities: [${caps}] }`)]);
const run = (files: Record<string, string>) => lintDeployment(files, { hostMap: MAP });

describe(RULE, () => {
  it("reports a cas grpc store whose instance the upstream's cas and bytestream do not serve", async () => {
    const w = withStore(grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas", "remote"));
    const f = await run({ "worker.json5": w, "scheduler.json5": SCHED, "cas.json5": CAS() });
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:${w.indexOf('"remote"') + 1} error grpc store "GRPC_CAS" sends instance_name "remote" to servers[0] (0.0.0.0:50051) of cas.json5 (--host-map cas.internal=cas.json5), which does not serve it: its cas service serves only "main", and its bytestream service serves only "main"; ${LAZY}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("'instance_name' not configured for 'remote'");
    expect(x.pointer).toBe("/stores/1/grpc/instance_name");
    expect(x.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["cas.json5 /servers/0/services/cas", "cas.json5 /servers/0/services/bytestream"]);
  });

  it("names at most fifty of the instances an upstream serves, then how many more: a CAS of thousands would repeat them all in each finding", async () => {
    const w = withStore(grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas", "remote"));
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `{ instance_name: "i${i}", cas_store: "CAS" }`).join(", ");
    const names = (n: number) => Array.from({ length: n }, (_, i) => `"i${i}"`).join(", ");
    const f = await run({ "worker.json5": w, "scheduler.json5": SCHED, "cas.json5": CAS(`{ cas: [${entries(60)}], bytestream: [${entries(50)}] }`) });
    const msg = f.find((y) => y.ruleId === RULE)!.message;
    expect(msg).toContain(`its cas service serves only ${names(50)} and 10 more, and its bytestream service serves only ${names(50)}; `);
  });

  it("reports the default instance name when bytestream lacks it", async () => {
    const store = `{ name: "GRPC_CAS", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } }`;
    const w = withStore(store);
    const services = `{ cas: [{ cas_store: "CAS" }], bytestream: [{ instance_name: "main", cas_store: "CAS" }] }`;
    expect(dlines(await run({ "worker.json5": w, "scheduler.json5": SCHED, "cas.json5": CAS(services) }), RULE)).toEqual([
      `worker.json5:1:${w.indexOf("grpc: { endpoints") + 1} error grpc store "GRPC_CAS" sends instance_name "" (the default) to servers[0] (0.0.0.0:50051) of cas.json5 (--host-map cas.internal=cas.json5), which does not serve it: its bytestream service serves only "main"; ${LAZY}`,
    ]);
  });

  it("reports an ac grpc store against an ac service with no instances", async () => {
    const w = withStore(grpcStore("GRPC_AC", "grpc://cas.internal:50051", "ac", "main"));
    expect(dlines(await run({ "worker.json5": w, "scheduler.json5": SCHED, "cas.json5": CAS(`{ ac: [] }`) }), RULE)).toEqual([
      `worker.json5:1:${w.indexOf('"main"') + 1} error grpc store "GRPC_AC" sends instance_name "main" to servers[0] (0.0.0.0:50051) of cas.json5 (--host-map cas.internal=cas.json5), which does not serve it: its ac service serves no instance; ${LAZY}`,
    ]);
  });

  it("reports execution and capabilities instances a grpc scheduler forwards but the upstream does not serve", async () => {
    const fwd = FORWARDER("edge");
    const f = await run({ "forwarder.json5": fwd, "scheduler.json5": UPSTREAM(`{ instance_name: "main", remote_execution: { scheduler: "MAIN" } }`) });
    expect(dlines(f, RULE)).toEqual([
      `forwarder.json5:1:${fwd.indexOf('"edge"') + 1} error the execution entry "edge" forwards actions through grpc scheduler "UP" to servers[0] (0.0.0.0:50052) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5), which has no execution entry for "edge" (it serves only "main"): every forwarded action fails`,
      `forwarder.json5:1:${fwd.lastIndexOf('"edge"') + 1} error the capabilities entry "edge" asks grpc scheduler "UP" at servers[0] (0.0.0.0:50052) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5) for the capabilities of "edge", but that server has no capabilities entry for it (it serves only "main"): NativeLink stops at startup: the capabilities service asks the upstream scheduler for its platform properties`,
    ]);
    expect(f.filter((y) => y.ruleId === RULE).map((y) => y.nativelink)).toEqual(["'instance_name' not configured for 'edge'", "Unable to get execution properties in GrpcScheduler"]);
  });

  it("reports, on the upstream, a capabilities entry without remote_execution", async () => {
    const up = UPSTREAM(`{ instance_name: "main" }`);
    const f = await run({ "forwarder.json5": FORWARDER("main"), "scheduler.json5": up });
    expect(dlines(f, RULE)).toEqual([
      `scheduler.json5:1:${up.indexOf('{ instance_name: "main" }') + 1} error capabilities entry "main" of servers[0] (0.0.0.0:50052) has no remote_execution, so it reports no execution capabilities to grpc scheduler "UP" of forwarder.json5, which asks for them when NativeLink starts: NativeLink stops at startup: the capabilities service asks the upstream scheduler for its platform properties`,
    ]);
    expect(f.find((y) => y.ruleId === RULE)?.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["forwarder.json5 /servers/0/services/capabilities/0/instance_name"]);
  });

  const valid: [string, Record<string, string>][] = [
    ["matching grpc store instances", { "worker.json5": withStore(grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas")), "scheduler.json5": SCHED, "cas.json5": CAS() }],
    ["the upstream's deprecated map form", { "worker.json5": withStore(grpcStore("GRPC_AC", "grpc://cas.internal:50051", "ac")), "scheduler.json5": SCHED, "cas.json5": CAS(`{ ac: { main: { ac_store: "AC" } } }`) }],
    ["a grpc scheduler whose instances the upstream serves", { "forwarder.json5": FORWARDER("main"), "scheduler.json5": UPSTREAM(`{ instance_name: "main", remote_execution: { scheduler: "MAIN" } }`) }],
    ["a grpc scheduler used by execution only (capabilities never asked)", { "forwarder.json5": FORWARDER("main", false), "scheduler.json5": UPSTREAM("") }],
    ["a store whose instance_name depends on an unset variable", { "worker.json5": withStore(grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas", "${INSTANCE:-main}")), "scheduler.json5": SCHED, "cas.json5": CAS() }],
  ];
  for (const [name, files] of valid) {
    it(`passes ${name}`, async () => {
      expect(dlines(await run(files), RULE)).toEqual([]);
    });
  }
});
