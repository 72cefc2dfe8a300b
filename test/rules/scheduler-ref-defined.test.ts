import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "scheduler-ref-defined";
const SCHED = 'schedulers: [{ name: "MAIN_SCHEDULER", simple: {} }]';
const server = (services: string) => `servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: ${services} }]`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "an execution scheduler typo",
      `{ stores: [], ${SCHED}, ${server('{ execution: [{ cas_store: "CAS", scheduler: "MAIN_SCHEDULRE" }] }')} }`,
      ['1:193 execution scheduler "MAIN_SCHEDULRE" is not defined in schedulers; did you mean "MAIN_SCHEDULER"?'],
    ],
    [
      "capabilities remote_execution without any schedulers",
      `{ stores: [], ${server('{ capabilities: [{ remote_execution: { scheduler: "X" } }] }')} }`,
      ['1:144 capabilities remote_execution.scheduler "X" is not defined in schedulers'],
    ],
    [
      "worker_api, after ${VAR} expansion",
      `{ stores: [], ${SCHED}, ${server('{ worker_api: { scheduler: "${S}" } }')} }`,
      ['1:175 worker_api scheduler "OTHER" is not defined in schedulers'],
    ],
    [
      "the deprecated map form of execution",
      `{ stores: [], ${SCHED}, ${server('{ execution: { main: { cas_store: "CAS", scheduler: "NOPE" } } }')} }`,
      ['1:200 execution scheduler "NOPE" is not defined in schedulers'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config, { env: { S: "OTHER" } }), RULE)).toEqual(want);
    });
  }

  it("passes defined names, after expansion", async () => {
    const ok = `{ stores: [], ${SCHED}, ${server('{ execution: [{ cas_store: "CAS", scheduler: "MAIN_SCHEDULER" }], capabilities: [{ remote_execution: { scheduler: "${S}" } }, {}], worker_api: { scheduler: "MAIN_SCHEDULER" } }')} }`;
    expect(lines(await lint(ok, { env: { S: "MAIN_SCHEDULER" } }), RULE)).toEqual([]);
  });

  it("lists the defined schedulers when nothing is close", async () => {
    const f = (await lint(`{ stores: [], ${SCHED}, ${server('{ worker_api: { scheduler: "X" } }')} }`)).find((x) => x.ruleId === RULE);
    expect(f?.hint).toBe("defined schedulers: MAIN_SCHEDULER");
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint(`{ stores: [], ${server('{ capabilities: [{ remote_execution: { scheduler: "X" } }] }')} }`)).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Scheduler needs config for 'X' because it exists in capabilities");
    expect(f?.pointer).toBe("/servers/0/services/capabilities/0/remote_execution/scheduler");
  });
});
