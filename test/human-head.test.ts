// The human format when a location is longer than the terminal: the first line of a finding keeps
// its severity beside it, once, and a related location stays beside its "= see".
import { describe, expect, it } from "vitest";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { cli, tree } from "./helpers/cli.ts";
import { MAX_SEE } from "../src/report/human.ts";

describe("human format, a location longer than the terminal", () => {
  it("prints the severity once, on the location's line, and the message below", async () => {
    const deep = "deployment-examples/cloud-run/config/with-a-rather-long-directory-name";
    const dir = tree({ [`${deep}/worker.json5`]: '{\n  stores: [{ name: "S", memory: {} }],\n  servers: [],\n  global: { max_open_files: "${NLP_UNSET_FOR_HEAD_TEST}" },\n}\n' });
    const r = await cli([`${deep}/worker.json5`], { cwd: dir, tty: true, columns: 80, env: { NO_COLOR: "1" } });
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith(`${deep}/worker.json5:4:`));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at]).toMatch(/:4:\d+ error$/);
    expect(lines[at + 1]).toMatch(/^ {4}environment variable NLP_UNSET_FOR_HEAD_TEST is not set/);
  });

  it("keeps a related location beside its \"= see\", not on a line of its own", async () => {
    const deep = "deployment-examples/cloud-run/config/with-a-rather-long-directory-name";
    const server = '{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { health: {} } }';
    const dir = tree({ [`${deep}/cas.json5`]: `{\n  stores: [],\n  servers: [\n    ${server},\n    ${server},\n  ],\n}\n` });
    const r = await cli([`${deep}/cas.json5`], { cwd: dir, tty: true, columns: 60, env: { NO_COLOR: "1" } });
    const see = r.stdout.split("\n").filter((l) => l.trimStart().startsWith("= see"));
    expect(see.length).toBeGreaterThan(0);
    for (const l of see) expect(l).toMatch(new RegExp(`^ +=\\s+see ${deep}/cas\\.json5:\\d+:\\d+:$`));
  });
});

describe("human format, a finding with many related places", () => {
  it(`shows the first ${MAX_SEE} places and counts the rest; JSON lists them all`, async () => {
    const stores = Array.from({ length: 25 }, (_, i) => `{ name: "R${i}", redis_store: { addresses: ["redis://:Sup3rS3cretPassw0rd${i}x@redis-${i}.internal:6379"] } }`);
    const dir = tree({ "c.json5": `{\n  stores: [\n    ${stores.join(",\n    ")}\n  ],\n  servers: [],\n}\n` });
    chmodSync(join(dir, "c.json5"), 0o644);
    const human = await cli(["c.json5"], { cwd: dir, env: { NO_COLOR: "1" } });
    const sees = human.stdout.split("\n").filter((l) => /^\s+= see /.test(l));
    expect(sees).toHaveLength(MAX_SEE + 1);
    expect(sees[0]).toMatch(/= see c\.json5:3:\d+: inline secret$/);
    expect(sees[MAX_SEE]).toMatch(/= see 15 more places \(--format json or sarif lists them all\)$/);
    const json = await cli(["--format", "json", "c.json5"], { cwd: dir });
    const perms = JSON.parse(json.stdout).findings.find((f: { ruleId: string }) => f.ruleId === "config-permissions");
    expect(perms.related).toHaveLength(25);
  });

  it("shows every place when there are no more than that", async () => {
    const stores = Array.from({ length: 2 }, (_, i) => `{ name: "R${i}", redis_store: { addresses: ["redis://:Sup3rS3cretPassw0rd${i}x@redis-${i}.internal:6379"] } }`);
    const dir = tree({ "c.json5": `{\n  stores: [\n    ${stores.join(",\n    ")}\n  ],\n  servers: [],\n}\n` });
    chmodSync(join(dir, "c.json5"), 0o644);
    const human = await cli(["c.json5"], { cwd: dir, env: { NO_COLOR: "1" } });
    const sees = human.stdout.split("\n").filter((l) => /^\s+= see /.test(l));
    expect(sees.length).toBe(2);
    expect(sees.some((l) => l.includes("more places"))).toBe(false);
  });
});
