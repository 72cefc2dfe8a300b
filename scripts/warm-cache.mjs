// Records V8's compiled code for dist/cli.cjs in dist/cli.cjs.cache, so that later runs of the CLI
// start without compiling the bundle again (bin/load-bundle.js explains why and how it is used).
//
// Runs at `npm install` (postinstall) and after `npm run build`: with the Node that will run the tool,
// into the package's own dist/ directory. The CLI itself never writes it. The warm-up checks a few
// configs in a temporary directory (one with every kind of TLS file, using the public certificates in
// scripts/warm-fixtures/ and throwaway keys made here) so that the cache also holds the code those
// checks compile. Failing to record a cache never fails the install: the tool then compiles as usual.
//
// Usage: node scripts/warm-cache.mjs [--dist DIR] [--verbose]
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const fixtures = fileURLToPath(new URL("./warm-fixtures/", import.meta.url));
const distArg = process.argv.indexOf("--dist");
const dist = distArg > 0 ? process.argv[distArg + 1] : fileURLToPath(new URL("../dist/", import.meta.url));
const verbose = process.argv.includes("--verbose");

function configs(tmp) {
  const key = (name) => {
    const path = join(tmp, name);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    return path;
  };
  const f = (name) => JSON.stringify(join(fixtures, name));
  const clientTls = `{ ca_file: ${f("root-ca.pem")}, cert_file: ${f("client.pem")}, key_file: ${JSON.stringify(key("client-key.pem"))} }`;
  return {
    "scheduler.json5": `// warm-up
{
  stores: [{ name: "CAS", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://server.warm.internal:50051", tls_config: ${clientTls} }], store_type: "cas" } }],
  schedulers: [{ name: "MAIN", simple: { supported_platform_properties: { cpu_count: "minimum", OSFamily: "exact" } } }],
  servers: [{
    name: "workers",
    listener: { http: { socket_address: "127.0.0.1:50061", tls: {
      cert_file: ${f("server-chain.pem")}, key_file: ${JSON.stringify(key("server-key.pem"))},
      client_ca_file: ${f("clients-ca.pem")}, client_crl_file: ${f("clients-ca.crl")},
    } } },
    services: { worker_api: { scheduler: "MAIN" }, execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "MAIN" }] },
  }],
}
`,
    "worker.json5": `{
  stores: [
    { name: "CAS", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://server.warm.internal:50051", tls_config: ${clientTls} }], store_type: "cas" } },
    { name: "FAST", filesystem: { content_path: "/tmp/nl/cas", temp_path: "/tmp/nl/tmp", eviction_policy: { max_bytes: "10gb" } } },
    { name: "WORKER", fast_slow: { fast: { ref_store: { name: "FAST" } }, slow: { ref_store: { name: "CAS" } } } },
  ],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpcs://server.warm.internal:50061", tls_config: ${clientTls} },
    cas_fast_slow_store: "WORKER", upload_action_result: { ac_store: "CAS" },
    work_directory: "/tmp/nl/work", platform_properties: { cpu_count: { query_cmd: "nproc" } },
  } }],
  servers: [],
}
`,
    "cas.json5": `{
  stores: [{ name: "AC_MAIN_STORE", memory: { eviction_policy: { max_bytes: 100000000 } } },
           { name: "CAS_MAIN_STORE", compression: { compression_algorithm: { lz4: {} }, backend: { memory: { eviction_policy: { max_bytes: "1gb" } } } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: { cas: [{ instance_name: "main", cas_store: "CAS_MAIN_STORE" }], ac: [{ instance_name: "main", ac_store: "AC_MAIN_STORE" }],
      capabilities: [{ instance_name: "main" }], bytestream: { cas_stores: { main: "CAS_MAIN_STORE" } }, health: {} } }],
  global: { max_open_files: 512 },
}
`,
  };
}

async function warm() {
  // Imported here, so that even a broken package only loses its cache, never its install.
  const { CACHE_NAME, cacheHeader, loadCli } = await import("../bin/load-bundle.js");
  const { exports: cli, script, bundle } = loadCli({ dist, useCache: false });
  const tmp = mkdtempSync(join(tmpdir(), "nlp-warm-"));
  try {
    for (const [name, text] of Object.entries(configs(tmp))) writeFileSync(join(tmp, name), text);
    // The ways the tool is run most: each config alone, all three as a deployment, human and JSON.
    for (const format of ["human", "json"]) {
      for (const files of [["cas.json5"], ["scheduler.json5"], ["worker.json5"], ["cas.json5", "scheduler.json5", "worker.json5"]]) {
        let out = "";
        const code = await cli.run({ argv: ["--format", format, ...files], env: {}, cwd: tmp, stdout: (s) => (out += s), stderr: (s) => (out += s), isTTY: false });
        if (verbose && format === "json") {
          const ids = [...new Set(JSON.parse(out).findings.map((f) => f.ruleId))].sort();
          console.log(`${files.join(" ")}: exit ${code}, rules ${ids.join(" ")}`);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const data = script.createCachedData();
  const target = join(dist, CACHE_NAME);
  const partial = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, Buffer.concat([Buffer.from(cacheHeader(bundle, data)), data]));
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return { target, bytes: data.length };
}

try {
  const { target, bytes } = await warm();
  if (verbose) console.log(`recorded ${bytes} bytes of compiled code in ${target}`);
} catch (e) {
  console.warn(`nativelink-preflight: no code cache recorded (${e?.message ?? e}); the tool works, it only starts slower`);
}
