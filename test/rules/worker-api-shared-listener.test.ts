import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "worker-api-shared-listener";
const HEAD = '{ stores: [{ name: "CAS", memory: {} }, { name: "AC", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [';
const server = (addr: string, services: string, name = "") => `{ ${name ? `name: "${name}", ` : ""}listener: { http: { socket_address: "${addr}" } }, services: { ${services} } }`;
const config = (...servers: string[]) => `${HEAD}${servers.join(", ")}] }`;
const WORKER = 'worker_api: { scheduler: "MAIN" }';
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["cas next to the worker API", config(server("0.0.0.0:50051", `cas: [{ cas_store: "CAS" }], ${WORKER}`)), ["1:224 the worker API shares the listener of servers[0] (0.0.0.0:50051) with client-facing service cas"]],
    [
      "several client services, on loopback too",
      config(server("127.0.0.1:50051", `${WORKER}, cas: [{ cas_store: "CAS" }], ac: [{ ac_store: "AC" }], capabilities: [{ remote_execution: { scheduler: "MAIN" } }]`, "main")),
      ['1:211 the worker API shares the listener of server "main" (127.0.0.1:50051) with client-facing services cas, ac and capabilities'],
    ],
    [
      "execution and a legacy bytestream map",
      config(server("0.0.0.0:50051", `execution: [{ cas_store: "CAS", scheduler: "MAIN" }], bytestream: { cas_stores: { main: "CAS" } }, ${WORKER}`)),
      ["1:294 the worker API shares the listener of servers[0] (0.0.0.0:50051) with client-facing services execution and bytestream"],
    ],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["separate servers", config(server("0.0.0.0:50051", 'cas: [{ cas_store: "CAS" }]'), server("127.0.0.1:50061", WORKER))],
    ["the worker API with admin and health only", config(server("127.0.0.1:50061", `${WORKER}, admin: {}, health: {}`))],
    ["client services without the worker API", config(server("0.0.0.0:50051", 'cas: [{ cas_store: "CAS" }], ac: [{ ac_store: "AC" }]'))],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text))).toEqual([]);
    });
  }

  it("is a warning in production and an info in development", async () => {
    const text = config(server("0.0.0.0:50051", `cas: [{ cas_store: "CAS" }], ${WORKER}`));
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the worker_api service and names the client service it shares with", async () => {
    const f = firstOf(await mine(config(server("0.0.0.0:50051", `cas: [{ cas_store: "CAS" }], ${WORKER}`))));
    expect(f.pointer).toBe("/servers/0/services/worker_api");
    expect(f.related?.map((r) => `${r.pointer} ${r.message}`)).toEqual(["/servers/0/services/cas/0 cas is served on the same listener"]);
  });
});
