import { describe, expect, it } from "vitest";
import { lintDeployment } from "../helpers/lint.ts";
import { WORKER_API, allInOne, dlines, peerConfig, server, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-platform-properties";
const MAP = { "scheduler.internal": "scheduler.json5" };
const W = (props: string) => workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, props);
const S = (supported: string) => peerConfig([server("0.0.0.0:50061", WORKER_API)], supported);
const run = (files: Record<string, string>, hostMap: Record<string, string> = MAP) => lintDeployment(files, { hostMap });

describe(RULE, () => {
  it("reports, on the scheduler, a property the worker advertises but the scheduler does not declare", async () => {
    const s = S('cpu_count: "minimum"');
    const f = await run({ "worker.json5": W('OSFamily: { values: ["linux"] }, cpu_count: { values: ["8"] }'), "scheduler.json5": s });
    expect(dlines(f, RULE)).toEqual([
      `scheduler.json5:1:${s.indexOf("{ cpu_count") + 1} warning "OSFamily", which worker "worker_0" of worker.json5 advertises, is not in supported_platform_properties of scheduler "MAIN": NativeLink v1.6.6 keeps it untyped, so an action that asks for "OSFamily" runs on a worker with exactly that value, and also on any worker that does not advertise "OSFamily"`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.pointer).toBe("/schedulers/0/simple/supported_platform_properties");
    expect(x.hint).toBe('declare "OSFamily": "exact" (or "priority"/"ignore" if it must not restrict matching)');
    expect(x.related?.map((r) => `${r.file} ${r.pointer} ${r.message}`)).toEqual(['worker.json5 /workers/0/local/platform_properties/OSFamily advertised by worker "worker_0"']);
  });

  it("reports once per property for several workers, and suggests minimum for numbers", async () => {
    const s = S("");
    const f = await run({ "a.json5": W('cpu_count: { values: ["8"] }'), "b.json5": W('cpu_count: { values: ["16"] }'), "scheduler.json5": s });
    expect(dlines(f, RULE)).toEqual([
      `scheduler.json5:1:${s.indexOf("simple: {") + 9} warning "cpu_count", which worker "worker_0" of a.json5 and worker "worker_0" of b.json5 advertise, is not in supported_platform_properties of scheduler "MAIN": NativeLink v1.6.6 keeps it untyped, so an action that asks for "cpu_count" runs on a worker with exactly that value, and also on any worker that does not advertise "cpu_count"`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.pointer).toBe("/schedulers/0/simple");
    expect(x.hint).toBe('declare "cpu_count": "minimum" if it is a count (or "exact" if the value must match)');
    expect(x.related?.map((r) => r.file)).toEqual(["a.json5", "b.json5"]);
  });

  it("reports a non-numeric value for a property the scheduler in another config declares minimum", async () => {
    const w = W('cpu_count: { values: ["8 cores"] }');
    const f = await run({ "worker.json5": w, "scheduler.json5": S('cpu_count: "minimum"') });
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:${w.indexOf('"8 cores"') + 1} error worker "worker_0" advertises "cpu_count" = "8 cores", but scheduler "MAIN" behind servers[0] (0.0.0.0:50061) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5) declares it minimum and needs an unsigned integer: the scheduler refuses the registration, and the worker retries every 0.5 s forever`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("Cannot convert to platform property to u64: 8 cores - invalid digit found in string");
    expect(x.hint).toBe('advertise the number alone, e.g. "8"');
    expect(x.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["scheduler.json5 /schedulers/0/simple/supported_platform_properties/cpu_count"]);
  });

  it("reports undeclared properties of a worker in the scheduler's own config, when checked as a deployment", async () => {
    const all = allInOne([server("127.0.0.1:50061", WORKER_API)], `{ uri: "grpc://127.0.0.1:50061" }`, 'pool: { values: ["gpu"] }');
    expect(dlines(await run({ "all.json5": all, "other.json5": S("") }, {}), RULE)).toEqual([
      `all.json5:1:${all.indexOf("simple: {") + 9} warning "pool", which worker "worker_0" of all.json5 advertises, is not in supported_platform_properties of scheduler "MAIN": NativeLink v1.6.6 keeps it untyped, so an action that asks for "pool" runs on a worker with exactly that value, and also on any worker that does not advertise "pool"`,
    ]);
  });

  const valid: [string, Record<string, string>][] = [
    ["declared properties with fitting values", { "worker.json5": W('OSFamily: { values: ["linux"] }, cpu_count: { values: ["8"] }'), "scheduler.json5": S('OSFamily: "exact", cpu_count: { minimum: null }') }],
    ["a minimum property queried by command (known only on the worker's host)", { "worker.json5": W('cpu_count: { query_cmd: "nproc" }'), "scheduler.json5": S('cpu_count: "minimum"') }],
    [
      "a minimum mismatch inside one config (worker-property-minimum-u64's finding)",
      { "all.json5": allInOne([server("127.0.0.1:50061", WORKER_API)], `{ uri: "grpc://127.0.0.1:50061" }`, 'cpu_count: { values: ["8 cores"] }').replace("simple: {}", 'simple: { supported_platform_properties: { cpu_count: "minimum" } }'), "other.json5": S("") },
    ],
    ["a worker whose listener is not in the run", { "worker.json5": W('OSFamily: { values: ["linux"] }'), "cas.json5": peerConfig([]) }],
  ];
  for (const [name, files] of valid) {
    it(`passes ${name}`, async () => {
      expect(dlines(await run(files), RULE)).toEqual([]);
    });
  }
});
