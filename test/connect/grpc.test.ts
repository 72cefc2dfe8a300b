// --connect against gRPC endpoints: every server here is started by the test on 127.0.0.1 with a PKI
// generated at test time. Each case asserts the finding's exact position, message and NativeLink text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePki, type Pki } from "../helpers/pki.ts";
import { cli } from "../helpers/cli.ts";
import type { Finding } from "../../src/types.ts";
import { blackhole, closedPort, grpcPlainServer, grpcTlsServer, http1Server, SERVICES, tlsHttp1Server, type Running } from "../helpers/connect-servers.ts";

let pki: Pki;
const servers: Running[] = [];
const WORKER_ONLY = { services: [SERVICES.workerApi] };

beforeAll(async () => {
  pki = await makePki(mkdtempSync(join(tmpdir(), "nlp-connect-pki-")), { now: new Date() });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const read = (f: keyof Pki["files"]) => readFileSync(pki.files[f]!);
async function start(p: Promise<Running>): Promise<number> {
  const s = await p;
  servers.push(s);
  return s.port;
}

/** A worker config whose worker_api_endpoint is on line 6 (uri) and line 7 (tls_config). */
function workerConfig(uri: string, tls?: string): string {
  return [
    "{",
    '  stores: [{ name: "CAS", memory: {} }],',
    "  workers: [{",
    "    local: {",
    "      worker_api_endpoint: {",
    `        uri: "${uri}",`,
    tls ? `        tls_config: ${tls},` : "",
    "      },",
    '      cas_fast_slow_store: "CAS",',
    '      upload_action_result: { upload_ac_results_strategy: "never" },',
    '      work_directory: "/tmp/nlp-worker",',
    "      platform_properties: {},",
    "    },",
    "  }],",
    "  servers: [],",
    "}",
  ].join("\n");
}

async function connect(config: string, extra: string[] = []): Promise<Finding[]> {
  const file = join(pki.dir, `c${Math.random().toString(36).slice(2)}.json5`);
  writeFileSync(file, config);
  const r = await cli(["--format", "json", "--connect", "--connect-timeout", "2", ...extra, file], { cwd: pki.dir });
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.category === "network");
}

const at = (f: Finding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
const CA = (file: string) => `{ ca_file: "${file}" }`;
const RETRY = "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";

describe("--connect: gRPC endpoints", () => {
  it("says nothing for a worker endpoint that answers as NativeLink's worker API does, and says so with --verbose", async () => {
    const port = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey") }, WORKER_ONLY));
    const config = workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem"));
    expect(await connect(config)).toEqual([]);
    const [f, ...rest] = await connect(config, ["--verbose"]);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe("info");
    expect(f!.message).toMatch(new RegExp(`^connected: worker "worker_0" \\(grpcs://localhost:${port}\\): TLS 1\\.3, h2, server CN=localhost, O=nativelink-preflight, expires \\d{4}-\\d\\d-\\d\\d; worker_api mounted$`));
  });

  it("reports a refused connection with the addresses tried, and NativeLink's text", async () => {
    const port = await closedPort();
    const [f, ...rest] = await connect(workerConfig(`grpc://127.0.0.1:${port}`));
    expect(rest).toEqual([]);
    expect(at(f!)).toBe(`6:14-6:${14 + `"grpc://127.0.0.1:${port}"`.length}`);
    expect(f!.ruleId).toBe("connect-endpoint");
    expect(f!.message).toBe(`worker "worker_0" (grpc://127.0.0.1:${port}): no TCP connection to port ${port}: 127.0.0.1:${port} connection refused (nothing listens on that port); ${RETRY}`);
    expect(f!.nativelink).toBe(`Could not connect to endpoint grpc://127.0.0.1:${port}`);
  });

  it("reports a server that accepts TCP but never answers the TLS handshake, within the timeout", async () => {
    const port = await start(blackhole());
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem")));
    expect(f!.message).toBe(`worker "worker_0" (grpcs://localhost:${port}): no answer within 2 s during the TLS handshake (127.0.0.1:${port} connected); ${RETRY}`);
  });

  it("reports a server that requires a client certificate the config does not give, at tls_config", async () => {
    const port = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey"), requestCert: true, rejectUnauthorized: true, ca: read("rootCa") }, WORKER_ONLY));
    const [f, ...rest] = await connect(workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem")));
    expect(rest).toEqual([]);
    expect(at(f!)).toBe("7:21-7:47");
    expect(f!.message).toMatch(/: the server requires a client certificate and tls_config names no cert_file\/key_file: it ended the handshake with alert CertificateRequired \(rustls: "received fatal alert: CertificateRequired"; the server logs "Failed to accept tls stream"\); server chain: server CN=localhost/);
    expect(f!.nativelink).toBe(`Could not connect to endpoint grpcs://localhost:${port}`);
  });

  it("reports a client certificate the server refuses, at cert_file, with the alert", async () => {
    const port = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey"), requestCert: true, rejectUnauthorized: true, ca: read("rootCa") }, WORKER_ONLY));
    const tls = `{ ca_file: "root-ca.pem", cert_file: "expired.pem", key_file: "expired.key" }`;
    const [f, ...rest] = await connect(workerConfig(`grpcs://localhost:${port}`, tls));
    expect(rest).toEqual([]);
    expect(at(f!)).toBe("7:58-7:71");
    // Node's TLS server checks the client certificate after OpenSSL's handshake and closes without an
    // alert; openssl s_server's alerts are tested in test/slow/connect-openssl.test.ts.
    expect(f!.message).toMatch(/: the server closed the connection right after the TLS handshake, without an alert and before any HTTP\/2 frame: it refused the client certificate in cert_file without saying why/);
  });

  it("judges the server's certificate as rustls would: a name the SAN does not list", async () => {
    const port = await start(grpcTlsServer({ cert: Buffer.concat([read("rsaServer"), read("intermediateCa")]), key: read("rsaServerKeyPkcs1") }, WORKER_ONLY));
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem")));
    expect(at(f!)).toBe(`6:14-6:${14 + `"grpcs://localhost:${port}"`.length}`);
    expect(f!.nativelink).toBe('invalid peer certificate: certificate not valid for name "localhost"; certificate is only valid for DnsName("rsa.localhost")');
    expect(f!.message).toContain("server chain: server CN=rsa.localhost (issuer CN=Preflight Test Intermediate CA, O=nativelink-preflight, expires ");
  });

  it("judges an IP literal against the IP SANs", async () => {
    const port = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey") }, WORKER_ONLY));
    expect(await connect(workerConfig(`grpcs://127.0.0.1:${port}`, CA("root-ca.pem")))).toEqual([]);
  });

  it("reports an expired server certificate and a CA that does not sign the server's", async () => {
    const port = await start(grpcTlsServer({ cert: Buffer.concat([read("expired"), read("intermediateCa")]), key: read("expiredKey") }, WORKER_ONLY));
    // The name matches (expired.localhost is dialed at 127.0.0.1): only the dates are wrong.
    const [f] = await connect(workerConfig(`grpcs://expired.localhost:${port}`, CA("root-ca.pem")), ["--connect-resolve", "expired.localhost=127.0.0.1"]);
    expect(f!.nativelink).toMatch(/^invalid peer certificate: certificate expired: verification time \d+ \(UNIX\), but certificate is not valid after \d+ \(\d+ seconds ago\)$/);
    expect(f!.hint).toBe("renew or reissue the server's certificate: valid now, with extendedKeyUsage serverAuth");
    const port2 = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey") }, WORKER_ONLY));
    const [g] = await connect(workerConfig(`grpcs://localhost:${port2}`, CA("foreign-ca.pem")));
    expect(at(g!)).toBe("7:32-7:48");
    expect(g!.nativelink).toBe("invalid peer certificate: UnknownIssuer");
  });

  it("use_native_roots: the server's chain is judged against the system roots, which do not hold the test CA", async () => {
    const port = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey") }, WORKER_ONLY));
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, "{ use_native_roots: true }"));
    expect(at(f!)).toBe("7:21-7:47");
    expect(f!.nativelink).toBe("invalid peer certificate: UnknownIssuer");
  });

  it("reports a TLS server that does not offer h2", async () => {
    const port = await start(tlsHttp1Server({ cert: read("serverChain"), key: read("serverKey") }));
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem")));
    // Node's TLS server refuses a client whose ALPN list it shares nothing with (no_application_protocol);
    // openssl s_server without -alpn selects none (test/slow/connect-openssl.test.ts).
    expect(f!.message).toBe(`worker "worker_0" (grpcs://localhost:${port}): the server refused ALPN h2 (alert NoApplicationProtocol): it does not speak HTTP/2 over TLS; ${RETRY}`);
    expect(f!.severity).toBe("error");
  });

  it("plaintext: a gRPC route that answers UNIMPLEMENTED is mounted; HTTP 404 is NativeLink's 'No route for'", async () => {
    const good = await start(grpcPlainServer(WORKER_ONLY));
    expect(await connect(workerConfig(`grpc://127.0.0.1:${good}`))).toEqual([]);
    const cas = await start(grpcPlainServer({ services: [SERVICES.cas, SERVICES.bytestream] }));
    const [f, ...rest] = await connect(workerConfig(`grpc://127.0.0.1:${cas}`));
    expect(rest).toEqual([]);
    expect(f!.message).toBe(
      `worker "worker_0" (grpc://127.0.0.1:${cas}): the server on 127.0.0.1:${cas} does not mount the worker_api service: a call under /${SERVICES.workerApi}/ got HTTP 404 ("No route for /${SERVICES.workerApi}/NativelinkPreflightNoSuchMethod"); ${RETRY}`,
    );
    expect(f!.nativelink).toBe("Could not call connect_worker() in worker");
  });

  it("plaintext URI on a TLS server, and on an HTTP/1.1 server: the scheme is wrong", async () => {
    const tlsPort = await start(grpcTlsServer({ cert: read("serverChain"), key: read("serverKey") }, WORKER_ONLY));
    const [f] = await connect(workerConfig(`grpc://127.0.0.1:${tlsPort}`));
    expect(f!.message).toContain(`the server on 127.0.0.1:${tlsPort} answers the HTTP/2 preface with a TLS record: it speaks TLS, but the URI's scheme is plaintext`);
    const h1 = await start(http1Server());
    const [g] = await connect(workerConfig(`grpc://127.0.0.1:${h1}`));
    expect(g!.message).toContain(`answers HTTP/1.1 ("HTTP/1.1 400 Bad Request"), not HTTP/2`);
  });

  it("an HTTP/2 server that drops the connection when a call comes", async () => {
    const { createServer } = await import("node:http2");
    const server = createServer();
    server.on("stream", (stream) => stream.session?.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as import("node:net").AddressInfo).port;
    servers.push({ port, close: () => new Promise((r) => server.close(() => r())) });
    const [f] = await connect(workerConfig(`grpc://127.0.0.1:${port}`));
    expect(f!.message).toMatch(new RegExp(`^worker "worker_0" \\(grpc://127\\.0\\.0\\.1:${port}\\): the HTTP/2 connection to 127\\.0\\.0\\.1:${port} failed before a call was answered: `));
  });

  it("a TLS URI on a plaintext server", async () => {
    const port = await start(grpcPlainServer(WORKER_ONLY));
    const [f] = await connect(workerConfig(`grpcs://localhost:${port}`, CA("root-ca.pem")));
    expect(f!.message).toBe(`worker "worker_0" (grpcs://localhost:${port}): the server on localhost:${port} does not speak TLS (it answered the ClientHello with plaintext): the URI's scheme says TLS; ${RETRY}`);
  });

  it("human output shows the connected info with --verbose, and not without", async () => {
    const port = await start(grpcPlainServer(WORKER_ONLY));
    const file = join(pki.dir, "human.json5");
    writeFileSync(file, workerConfig(`grpc://127.0.0.1:${port}`));
    const quiet = await cli(["--connect", file], { cwd: pki.dir });
    expect(quiet.stdout).not.toContain("connected:");
    const loud = await cli(["--connect", "--verbose", file], { cwd: pki.dir });
    expect(loud.stdout).toContain(`human.json5:6:14 info connected: worker "worker_0" (grpc://127.0.0.1:${port}): plaintext h2c; worker_api mounted [connect-endpoint]\n`);
  });

  it("reports an unresolvable host name", async () => {
    const [f] = await connect(workerConfig("grpc://nlp-preflight-no-such-host.invalid:50061"));
    expect(f!.message).toMatch(/^worker "worker_0" \(grpc:\/\/nlp-preflight-no-such-host\.invalid:50061\): host "nlp-preflight-no-such-host\.invalid" does not resolve: /);
  });
});

describe("--connect: grpc stores and schedulers", () => {
  const storeConfig = (port: number, type: "cas" | "ac", instance: string) =>
    [
      "{",
      "  stores: [{",
      '    name: "UP",',
      "    grpc: {",
      `      instance_name: "${instance}",`,
      `      endpoints: [{ address: "grpc://127.0.0.1:${port}" }],`,
      `      store_type: "${type}",`,
      "    },",
      "  }],",
      "  servers: [],",
      "}",
    ].join("\n");

  it("reports an instance_name the upstream CAS does not serve, at instance_name", async () => {
    const port = await start(grpcPlainServer({ services: [SERVICES.cas, SERVICES.bytestream], instances: ["main"] }));
    expect(await connect(storeConfig(port, "cas", "main"))).toEqual([]);
    const [f, ...rest] = await connect(storeConfig(port, "cas", "other"));
    expect(rest).toEqual([]);
    expect(at(f!)).toBe("5:22-5:29");
    expect(f!.message).toBe(
      `grpc store "UP" (grpc://127.0.0.1:${port}): the upstream does not serve instance_name "other": FindMissingBlobs (with no digests) answered "'instance_name' not configured for 'other'"; NativeLink starts (grpc stores connect lazily), then every request through this store fails`,
    );
    expect(f!.nativelink).toBe("in GrpcStore::find_missing_blobs");
  });

  it("an AC store: GetActionResult NOT_FOUND is a served instance; an unknown one is reported", async () => {
    const port = await start(grpcPlainServer({ services: [SERVICES.ac], instances: ["main"] }));
    expect(await connect(storeConfig(port, "ac", "main"))).toEqual([]);
    const [f] = await connect(storeConfig(port, "ac", "x"));
    expect(f!.nativelink).toBe("in GrpcStore::get_action_result");
  });

  it("a grpc scheduler whose upstream has no execution capabilities for the instance", async () => {
    const port = await start(grpcPlainServer({ services: [SERVICES.execution, SERVICES.capabilities], execInstances: ["main"] }));
    const config = (instance: string) =>
      [
        "{",
        `  schedulers: [{ name: "UP", grpc: { endpoint: { address: "grpc://127.0.0.1:${port}" } } }],`,
        "  servers: [{",
        '    listener: { http: { socket_address: "127.0.0.1:0" } },',
        `    services: { capabilities: [{ instance_name: "${instance}", remote_execution: { scheduler: "UP" } }] },`,
        "  }],",
        "}",
      ].join("\n");
    expect(await connect(config("main"))).toEqual([]);
    const [f] = await connect(config("other"));
    expect(f!.nativelink).toBe("Unable to get execution properties in GrpcScheduler");
    expect(f!.line).toBe(2);
  });
});
