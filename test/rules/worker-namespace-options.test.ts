import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-namespace-options";
const W = (extra: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {}${extra} } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["mount namespace alone", W(", use_mount_namespace: true"), ['1:200 worker "worker_0" sets use_mount_namespace: true without use_namespaces, so it refuses to start']],
    ["use_namespaces: null", W(", use_namespaces: null, use_mount_namespace: true"), ['1:222 worker "worker_0" sets use_mount_namespace: true without use_namespaces, so it refuses to start']],
    [
      "use_namespaces: false",
      W(", use_namespaces: false, use_mount_namespace: true"),
      ['1:223 worker "worker_0" sets use_mount_namespace: true but use_namespaces: false, so the mount namespace is silently not used'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["both true", W(", use_namespaces: true, use_mount_namespace: true")],
    ["mount namespace false", W(", use_mount_namespace: false")],
    ["namespaces only", W(", use_namespaces: true")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message, and downgrades the ignored case to a warning", async () => {
    const f = (await lint(W(", use_mount_namespace: true"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Mount namespaces not supported");
    expect(f?.pointer).toBe("/workers/0/local/use_mount_namespace");
    expect(f?.severity).toBe("error");
    const g = (await lint(W(", use_namespaces: false, use_mount_namespace: true"))).find((x) => x.ruleId === RULE);
    expect(g?.severity).toBe("warning");
    expect(g?.related?.[0]?.pointer).toBe("/workers/0/local/use_namespaces");
  });
});
