// --connect against `openssl s_server` on 127.0.0.1: a TLS server that, unlike node's, sends the alert
// when it refuses a client certificate, as a rustls server does. Skips, saying so, without openssl.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePki, type Pki } from "../helpers/pki.ts";
import { cli } from "../helpers/cli.ts";
import { closedPort } from "../helpers/connect-servers.ts";
import type { Finding } from "../../src/types.ts";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
if (!hasOpenssl) console.warn("skipping the openssl s_server --connect tests: openssl is not installed (.ci/run installs it)");

let pki: Pki;
const started: ChildProcess[] = [];
beforeAll(async () => {
  pki = await makePki(mkdtempSync(join(tmpdir(), "nlp-connect-openssl-")), { now: new Date() });
});
afterAll(() => started.forEach((p) => p.kill("SIGTERM")));

async function sServer(args: string[]): Promise<number> {
  const port = await closedPort();
  const f = pki.files;
  const p = spawn("openssl", ["s_server", "-quiet", "-accept", `127.0.0.1:${port}`, "-cert", f.server, "-key", f.serverKey, "-cert_chain", f.intermediateCa, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  started.push(p);
  // s_server prints nothing with -quiet until a client comes: wait until the port accepts.
  const { Socket } = await import("node:net");
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = new Socket();
      s.once("error", () => r(false));
      s.connect(port, "127.0.0.1", () => {
        s.destroy();
        r(true);
      });
    });
    if (ok) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("openssl s_server did not start");
}

function workerConfig(uri: string, tls: string): string {
  return ["{", '  stores: [{ name: "CAS", memory: {} }],', "  workers: [{", "    local: {", "      worker_api_endpoint: {", `        uri: "${uri}",`, `        tls_config: ${tls},`, "      },", '      cas_fast_slow_store: "CAS",', '      upload_action_result: { upload_ac_results_strategy: "never" },', '      work_directory: "/tmp/nlp-worker",', "      platform_properties: {},", "    },", "  }],", "  servers: [],", "}"].join("\n");
}

async function connect(config: string): Promise<Finding[]> {
  const file = join(pki.dir, `c${Math.random().toString(36).slice(2)}.json5`);
  writeFileSync(file, config);
  const r = await cli(["--format", "json", "--connect", "--connect-timeout", "3", file], { cwd: pki.dir });
  return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.category === "network");
}

describe.skipIf(!hasOpenssl)("--connect: openssl s_server", () => {
  // cert_file holds the leaf without its intermediate, and the server trusts only the root: it cannot
  // build the client's chain and answers unknown_ca.
  it("a refused client certificate: the server's alert, at cert_file", async () => {
    const port = await sServer(["-alpn", "h2", "-Verify", "1", "-CAfile", pki.files.rootCa, "-verify_return_error"]);
    const [f, ...rest] = await connect(workerConfig(`grpcs://localhost:${port}`, '{ ca_file: "root-ca.pem", cert_file: "expired.pem", key_file: "expired.key" }'));
    expect(rest).toEqual([]);
    expect([f!.line, f!.column, f!.endLine, f!.endColumn]).toEqual([7, 58, 7, 71]);
    expect(f!.message).toMatch(/: the server refused the client certificate in cert_file: it ended the handshake with alert UnknownCA \(rustls: "received fatal alert: UnknownCA"; the server logs "Failed to accept tls stream"\)/);
    expect(f!.nativelink).toBe(`Could not connect to endpoint grpcs://localhost:${port}`);
  });

  it("a server that requires a client certificate the config does not give", async () => {
    const port = await sServer(["-alpn", "h2", "-Verify", "1", "-CAfile", pki.files.rootCa, "-verify_return_error"]);
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, '{ ca_file: "root-ca.pem" }'));
    expect([f!.line, f!.column]).toEqual([7, 21]);
    expect(f!.message).toMatch(/: the server requires a client certificate and tls_config names no cert_file\/key_file: it ended the handshake with alert CertificateRequired/);
  });

  it("a server that does not offer h2, with its chain in the finding", async () => {
    const port = await sServer([]);
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, '{ ca_file: "root-ca.pem" }'));
    expect(f!.message).toMatch(/: the TLS server did not agree to HTTP\/2 \(ALPN none\), and tonic's TLS connector refuses such a connection \("HTTP\/2 was not negotiated\."\); server chain: server CN=localhost, O=nativelink-preflight \(issuer CN=Preflight Test Intermediate CA, O=nativelink-preflight, expires \d{4}-\d\d-\d\d, SAN DNS:localhost, IP:127\.0\.0\.1\)/);
  });
});
