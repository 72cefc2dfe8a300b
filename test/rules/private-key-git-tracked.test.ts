import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "private-key-git-tracked";
const server = (key: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "${key}" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const worker = (key: string) =>
  `{ stores: [{ name: "FS", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://sched:50061", tls_config: { ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "${key}" } }, cas_fast_slow_store: "FS", work_directory: "/w" } }] }`;
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, { cwd: "/repo", ...o })).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[], string[]][] = [
    ["a server key", server("certs/server-key.pem"), ["/repo/certs/server-key.pem"], ['1:155 key_file "certs/server-key.pem" is a private key tracked by git']],
    ["a worker's client key", worker("certs/worker-key.pem"), ["certs/worker-key.pem"], ['1:206 key_file "certs/worker-key.pem" is a private key tracked by git']],
    ["an absolute path", server("/repo/secrets/tls.key"), ["/repo/secrets/tls.key"], ['1:155 key_file "/repo/secrets/tls.key" is a private key tracked by git']],
  ];
  for (const [name, text, tracked, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text, { gitTracked: tracked }))).toEqual(want);
    });
  }

  const valid: [string, string, string[], object?][] = [
    ["an untracked key", server("certs/server-key.pem"), ["/repo/certs/server.pem"]],
    ["a tracked certificate (public)", server("certs/server-key.pem"), ["certs/server.pem", "certs/ca.pem"]],
    ["no git facts", server("certs/server-key.pem"), []],
    ["a key from an unset variable (lenient)", server("${TLS_KEY}"), ["/repo/${TLS_KEY}"], { lenientEnv: true }],
  ];
  for (const [name, text, tracked, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, { gitTracked: tracked, ...o }))).toEqual([]);
    });
  }

  it("is an error in production and an info in development", async () => {
    const text = server("certs/server-key.pem");
    expect((await mine(text, { gitTracked: ["certs/server-key.pem"], profile: "production" })).map((f) => f.severity)).toEqual(["error"]);
    expect((await mine(text, { gitTracked: ["certs/server-key.pem"], profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at key_file and says how to untrack it", async () => {
    const f = firstOf(await mine(server("certs/server-key.pem"), { gitTracked: ["certs/server-key.pem"] }));
    expect(f.pointer).toBe("/servers/0/listener/http/tls/key_file");
    expect(f.hint).toContain("git rm --cached -- /repo/certs/server-key.pem");
  });
});
