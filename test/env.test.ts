// The target host's environment: env files, --env, secret-looking names, --lenient-env.
import { describe, expect, it } from "vitest";
import { parseEnvFile } from "../src/env.ts";
import { lint, lines } from "./helpers/lint.ts";

describe("env files", () => {
  it("reads KEY=VALUE lines as systemd and docker do", () => {
    const env = parseEnvFile(
      ["# comment", "; also a comment", "", "PLAIN=a b", 'DQ="quoted \\"x\\" $y"', "SQ='single # not a comment'", "export EXPORTED=1", "TRAIL=v # trailing comment", "EMPTY="].join("\n"),
      "prod.env",
    );
    expect(Object.fromEntries(env)).toEqual({ PLAIN: "a b", DQ: 'quoted "x" $y', SQ: "single # not a comment", EXPORTED: "1", TRAIL: "v", EMPTY: "" });
  });

  it("refuses lines that are not KEY=VALUE, naming the line", () => {
    expect(() => parseEnvFile("OK=1\njust words\n", "prod.env")).toThrow("prod.env:2: expected KEY=VALUE");
  });
});

describe("secret-looking variable names", () => {
  const cfg = '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.1:50051" }], store_type: "cas", connections_per_endpoint: "${API_TOKEN}" } }], servers: [] }';
  it("never prints the value", async () => {
    const f = await lint(cfg, { env: { API_TOKEN: "hunter2xyz" } });
    expect(JSON.stringify(f)).not.toContain("hunter2");
    expect(lines(f, "value-format")).toEqual([
      "1:129 connections_per_endpoint must be an integer; the value of ${API_TOKEN} (not shown: the name looks secret) is not (invalid digit found in string)",
    ]);
  });
  it("prints other values", async () => {
    const f = await lint(cfg.replace("API_TOKEN", "CONNS"), { env: { CONNS: "many" } });
    expect(lines(f, "value-format")).toEqual(['1:129 connections_per_endpoint must be an integer; "${CONNS}" is not (invalid digit found in string)']);
  });
});

describe("--lenient-env", () => {
  const cfg = '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t", read_buffer_size: "${BUF}" } }], servers: [] }';
  it("turns unset variables into warnings and says once what was skipped", async () => {
    const f = await lint(cfg, { lenientEnv: true });
    expect(f.map((x) => `${x.severity} ${x.ruleId}`)).toEqual(["info env-defined", "warning env-defined", "warning env-defined"]);
    expect(f.filter((x) => x.severity === "error")).toEqual([]);
  });
  it("without it, each is an error naming the variable", async () => {
    expect(lines(await lint(cfg), "env-defined")).toEqual([
      "1:53 environment variable ROOT is not set, and ${ROOT} has no default",
      "1:107 environment variable BUF is not set, and ${BUF} has no default",
    ]);
  });
});
