// One mistake, one finding: a certificate, key or CA file named by several listeners (or clients) is
// judged once, at its first reference, with the other references as related locations.
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.ts";
import { lint } from "./helpers/lint.ts";
import { EXAMPLE_NOW, materializeExample } from "./helpers/examples.ts";

const server = (name: string, port: number) =>
  `{ name: "${name}", listener: { http: { socket_address: "10.0.0.5:${port}", tls: { cert_file: "certs/s.pem", key_file: "certs/k.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }`;
const CONFIG = `{ stores: [{ name: "CAS", memory: {} }], servers: [${server("a", 50051)}, ${server("b", 50052)}] }`;

async function run(files: Record<string, string>, modes?: Record<string, number>) {
  const cwd = await materializeExample({ config: CONFIG, files, modes });
  return (await lint(CONFIG, { cwd, now: EXAMPLE_NOW })).filter((f) => f.ruleId.startsWith("tls-"));
}

describe("a TLS file shared by two listeners", () => {
  it("an expired certificate and a readable key are each reported once, the second listener as related", async () => {
    const fs = await run({ "certs/s.pem": "@pki:expired", "certs/k.pem": "@pki:expiredKey" }, { "certs/k.pem": 0o644 });
    const second = CONFIG.lastIndexOf('"certs/s.pem"') + 1;
    const secondKey = CONFIG.lastIndexOf('"certs/k.pem"') + 1;
    expect(fs.map((f) => `${f.line}:${f.column} ${f.ruleId} related ${(f.related ?? []).map((r) => `${r.line}:${r.column} ${r.message}`).join("; ")}`)).toEqual([
      `1:${CONFIG.indexOf('"certs/s.pem"') + 1} tls-cert-validity related 1:${second} the same file, named here too`,
      `1:${CONFIG.indexOf('"certs/k.pem"') + 1} tls-key-permissions related 1:${secondKey} the same file, named here too`,
    ]);
  });

  it("a file that does not exist is reported once", async () => {
    const fs = await run({ "certs/k.pem": "@pki:serverKey" }, { "certs/k.pem": 0o600 });
    expect(fs.map((f) => `${f.ruleId} ${f.related?.length ?? 0}`)).toEqual(["tls-file-readable 1"]);
  });

  it("every tls-* rule merges findings about the same file", () => {
    const tls = RULES.filter((r) => r.meta.id.startsWith("tls-"));
    expect(tls.filter((r) => !r.meta.aboutFiles).map((r) => r.meta.id)).toEqual([]);
  });
});
