import { describe, expect, it } from "vitest";
import { lint, lintDeployment } from "../helpers/lint.ts";
import { CAS_SERVICES, allInOne, EXECUTION, WORKER_API, dlines, grpcStore, peerConfig, server, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-endpoint-listener";
const SCHED = peerConfig([server("0.0.0.0:50052", EXECUTION()), server("0.0.0.0:50061", WORKER_API)]);
const CAS = peerConfig([server("0.0.0.0:50051", CAS_SERVICES())]);
const W = (uri: string) => workerConfig(`{ uri: "${uri}" }`);
const MAP = { "scheduler.internal": "scheduler.json5", "cas.internal": "cas.json5" };
/** A config with a grpc scheduler UP (used by an execution entry, and by capabilities when `caps`). */
const FORWARDER = (address: string, caps: boolean) =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "UP", grpc: { endpoint: { address: "${address}" } } }], servers: [${server(
    "0.0.0.0:50052",
    `{ execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "UP" }]${caps ? `, capabilities: [{ instance_name: "main", remote_execution: { scheduler: "UP" } }]` : ""} }`,
  )}] }`;

const NEVER = "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";
const LAZY = "NativeLink starts (grpc stores connect lazily), then every request through this store fails";

describe(RULE, () => {
  const invalid: [string, Record<string, string>, Record<string, string>, string[]][] = [
    [
      "worker pointed at the scheduler's client port (host-mapped)",
      { "worker.json5": W("grpc://scheduler.internal:50052"), "scheduler.json5": SCHED },
      MAP,
      [
        `worker.json5:1:209 error worker "worker_0" connects to grpc://scheduler.internal:50052, which lands on servers[0] (0.0.0.0:50052) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5), which does not mount worker_api (it mounts execution, capabilities): ${NEVER}`,
      ],
    ],
    [
      "host-mapped config without a listener on the port",
      { "worker.json5": W("grpc://scheduler.internal:50071"), "scheduler.json5": SCHED },
      MAP,
      [`worker.json5:1:209 error worker "worker_0" connects to grpc://scheduler.internal:50071, but scheduler.json5 (--host-map scheduler.internal=scheduler.json5) has no listener on port 50071: ${NEVER}`],
    ],
    [
      "host-mapped listener bound to loopback",
      { "worker.json5": W("grpc://scheduler.internal:50061"), "scheduler.json5": peerConfig([server("127.0.0.1:50061", WORKER_API)]) },
      MAP,
      [
        `worker.json5:1:209 error worker "worker_0" connects to grpc://scheduler.internal:50061, but scheduler.json5 (--host-map scheduler.internal=scheduler.json5) has no listener on port 50061; servers[0] (127.0.0.1:50061) of scheduler.json5 is bound to 127.0.0.1:50061, which scheduler.internal does not reach: ${NEVER}`,
      ],
    ],
    [
      "loopback URI that nothing in the run listens on",
      { "worker.json5": W("grpc://127.0.0.1:50062"), "scheduler.json5": SCHED },
      {},
      [`worker.json5:1:209 warning worker "worker_0" connects to grpc://127.0.0.1:50062, but no config of the deployment listens on port 50062 on a loopback or wildcard address`],
    ],
    [
      "loopback URI against a listener bound to another address",
      { "worker.json5": W("grpc://localhost:50061"), "scheduler.json5": peerConfig([server("10.0.0.5:50061", WORKER_API)]) },
      {},
      [
        `worker.json5:1:209 warning worker "worker_0" connects to grpc://localhost:50061, but no config of the deployment listens on port 50061 on a loopback or wildcard address; servers[0] (10.0.0.5:50061) of scheduler.json5 is bound to 10.0.0.5:50061, which localhost does not reach`,
      ],
    ],
    [
      "an unmapped host on a port where a listener without the service runs: never matched by port alone",
      { "worker.json5": W("grpc://scheduler.internal:50052"), "scheduler.json5": SCHED },
      {},
      [
        `worker.json5:1:209 info worker "worker_0" connects to grpc://scheduler.internal:50052, which no config of the deployment is known to serve, so this connection is not checked; --host-map scheduler.internal=scheduler.json5 would check it against servers[0] (0.0.0.0:50052) of scheduler.json5`,
      ],
    ],
    [
      "nothing in the run on the port of an unmapped host",
      { "worker.json5": W("grpc://scheduler.internal:50099"), "scheduler.json5": SCHED },
      {},
      [`worker.json5:1:209 info worker "worker_0" connects to grpc://scheduler.internal:50099, but no config of the deployment listens on port 50099, so this connection is not checked`],
    ],
    [
      "an IP literal that is not the listener's address",
      { "worker.json5": W("grpc://10.0.0.6:50061"), "scheduler.json5": peerConfig([server("10.0.0.5:50061", WORKER_API)]) },
      {},
      [
        `worker.json5:1:209 info worker "worker_0" connects to grpc://10.0.0.6:50061, but no config of the deployment listens on port 50061; servers[0] (10.0.0.5:50061) of scheduler.json5 is bound to 10.0.0.5:50061, which 10.0.0.6 does not reach, so this connection is not checked`,
      ],
    ],
    [
      "a cas grpc store on a listener without bytestream",
      {
        "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, "", grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas")),
        "scheduler.json5": SCHED,
        "cas.json5": peerConfig([server("0.0.0.0:50051", `{ cas: [{ instance_name: "main", cas_store: "CAS" }] }`)]),
      },
      MAP,
      [
        `worker.json5:1:220 error grpc store "GRPC_CAS" connects to grpc://cas.internal:50051, which lands on servers[0] (0.0.0.0:50051) of cas.json5 (--host-map cas.internal=cas.json5), which does not mount bytestream (it mounts cas): ${LAZY}`,
      ],
    ],
    [
      "an ac grpc store on the scheduler's listener",
      {
        "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, "", grpcStore("GRPC_AC", "grpc://scheduler.internal:50052", "ac")),
        "scheduler.json5": SCHED,
      },
      MAP,
      [
        `worker.json5:1:219 error grpc store "GRPC_AC" connects to grpc://scheduler.internal:50052, which lands on servers[0] (0.0.0.0:50052) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5), which does not mount ac (it mounts execution, capabilities): ${LAZY}`,
      ],
    ],
    [
      "a grpc scheduler used by capabilities, forwarding to a listener without capabilities",
      { "forwarder.json5": FORWARDER("grpc://scheduler.internal:50052", true), "scheduler.json5": peerConfig([server("0.0.0.0:50052", `{ execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "MAIN" }] }`)]) },
      MAP,
      [
        `forwarder.json5:1:98 error grpc scheduler "UP" connects to grpc://scheduler.internal:50052, which lands on servers[0] (0.0.0.0:50052) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5), which does not mount capabilities (it mounts execution): NativeLink stops at startup: the capabilities service asks the upstream scheduler for its platform properties`,
      ],
    ],
    [
      "an unmapped host, two configs on the port, neither serving: both named",
      { "worker.json5": W("grpc://scheduler.internal:50051"), "cas.json5": CAS, "scheduler.json5": peerConfig([server("0.0.0.0:50051", EXECUTION())]) },
      {},
      [
        `worker.json5:1:209 info worker "worker_0" connects to grpc://scheduler.internal:50051, which no config of the deployment is known to serve, so this connection is not checked; --host-map scheduler.internal=cas.json5 would check it against servers[0] (0.0.0.0:50051) of cas.json5; --host-map scheduler.internal=scheduler.json5 would check it against servers[0] (0.0.0.0:50051) of scheduler.json5`,
      ],
    ],
    [
      "an unmapped host, two configs on the port, one serving: that one named",
      { "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, "", grpcStore("GRPC_CAS", "grpc://cas.internal:50051", "cas")), "cas.json5": CAS, "scheduler.json5": peerConfig([server("0.0.0.0:50051", EXECUTION()), server("0.0.0.0:50061", WORKER_API)]) },
      { "scheduler.internal": "scheduler.json5" },
      [
        `worker.json5:1:220 info grpc store "GRPC_CAS" connects to grpc://cas.internal:50051, which no config of the deployment is known to serve, so this connection is not checked; --host-map cas.internal=cas.json5 would check it against servers[0] (0.0.0.0:50051) of cas.json5`,
      ],
    ],
  ];
  for (const [name, files, hostMap, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(dlines(await lintDeployment(files, { hostMap }), RULE)).toEqual(want);
    });
  }

  const valid: [string, Record<string, string>, Record<string, string>][] = [
    ["a host-mapped worker_api listener", { "worker.json5": W("grpc://scheduler.internal:50061"), "scheduler.json5": SCHED }, MAP],
    ["an IP literal equal to the listener's address", { "worker.json5": W("grpc://10.0.0.5:50061"), "scheduler.json5": peerConfig([server("10.0.0.5:50061", WORKER_API)]) }, {}],
    ["a loopback URI on a listener bound to [::] (dual-stack)", { "worker.json5": W("grpc://127.0.0.1:50061"), "scheduler.json5": peerConfig([server("[::]:50061", WORKER_API)]) }, {}],
    [
      "an all-in-one config reaching its own listeners over loopback",
      {
        "all.json5": allInOne([server("0.0.0.0:50051", CAS_SERVICES()), server("127.0.0.1:50061", WORKER_API)], `{ uri: "grpc://localhost:50061" }`),
        "other.json5": CAS,
      },
      {},
    ],
    ["a host --host-map sends to a config of another deployment of the run", { "worker.json5": W("grpc://scheduler.internal:50052"), "scheduler.json5": SCHED }, { "scheduler.internal": "staging/scheduler.json5" }],
    ["a grpc scheduler used by execution only", { "forwarder.json5": FORWARDER("grpc://scheduler.internal:50052", false), "scheduler.json5": peerConfig([server("0.0.0.0:50052", `{ execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "MAIN" }] }`)]) }, MAP],
  ];
  for (const [name, files, hostMap] of valid) {
    it(`passes ${name}`, async () => {
      expect(dlines(await lintDeployment(files, { hostMap }), RULE)).toEqual([]);
    });
  }

  describe("names ten listeners or configs, then how many more: a directory of many configs on one port would repeat them all in each finding", () => {
    const peers = (n: number, services: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${String(i).padStart(2, "0")}.json5`, peerConfig([server("0.0.0.0:50051", services)])]));
    const named = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

    it("configs that --host-map would check it against", async () => {
      const f = await lintDeployment({ "worker.json5": W("grpc://scheduler.internal:50051"), ...peers(12, EXECUTION()) }, {});
      const x = f.find((y) => y.ruleId === RULE)!;
      expect(named(x.message, /would check it against/g)).toBe(10);
      expect(x.message).toMatch(/of p09\.json5; and 2 more configs like these$/);
    });

    it("listeners a loopback client does not reach", async () => {
      const bound = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${String(i).padStart(2, "0")}.json5`, peerConfig([server(`10.0.0.${i + 1}:50061`, WORKER_API)])]));
      const f = await lintDeployment({ "worker.json5": W("grpc://127.0.0.1:50061"), ...bound }, {});
      const x = f.find((y) => y.ruleId === RULE)!;
      expect(named(x.message, /which 127\.0\.0\.1 does not reach/g)).toBe(10);
      expect(x.message).toContain("does not reach; and 1 more listener on the port it does not reach");
      expect(x.related).toHaveLength(10);
    });

    it("listeners a client reaches, none of which mounts what it calls", async () => {
      const f = await lintDeployment({ "worker.json5": W("grpc://127.0.0.1:50051"), ...peers(13, EXECUTION()) }, {});
      const x = f.find((y) => y.ruleId === RULE)!;
      expect(named(x.message, /servers\[0\] \(0\.0\.0\.0:50051\) of p\d\d\.json5/g)).toBe(10);
      expect(x.message).toContain("of p09.json5 and 3 more listeners (127.0.0.1 is loopback: the listener must run on the same machine), none of which mounts worker_api");
      expect(x.related).toHaveLength(10);
    });
  });

  it("checks one all-in-one config given as a whole deployment (--deployment)", async () => {
    const all = allInOne([server("127.0.0.1:50061", WORKER_API)], `{ uri: "grpc://localhost:50062" }`);
    expect(dlines(await lintDeployment({ "all.json5": all }), RULE)).toEqual([
      `all.json5:1:${all.indexOf('"grpc://localhost:50062"') + 1} warning worker "worker_0" connects to grpc://localhost:50062, but no config of the deployment listens on port 50062 on a loopback or wildcard address`,
    ]);
  });

  it("never runs on a config linted alone", async () => {
    expect((await lint(W("grpc://scheduler.internal:50099"))).filter((f) => f.ruleId === RULE)).toEqual([]);
  });

  it("puts the finding on the client's URI, with the listener as related location, and carries NativeLink's message", async () => {
    const f = (await lintDeployment({ "worker.json5": W("grpc://scheduler.internal:50052"), "scheduler.json5": SCHED }, { hostMap: MAP })).find((x) => x.ruleId === RULE);
    expect(f?.file).toBe("worker.json5");
    expect(f?.pointer).toBe("/workers/0/local/worker_api_endpoint/uri");
    expect(f?.nativelink).toBe("Could not call connect_worker() in worker");
    expect(f?.related?.map((r) => `${r.file} ${r.pointer} ${r.message}`)).toEqual(["scheduler.json5 /servers/0/services servers[0] (0.0.0.0:50052) mounts execution, capabilities"]);
  });
});
