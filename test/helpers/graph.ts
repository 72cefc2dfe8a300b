// The graph fixtures: the mTLS example and the deployments under test/golden/graph/<name>/, each in
// a fresh directory with a PKI made at test time (no private key is committed).
import { chmodSync, copyFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { cli } from "./cli.ts";
import { makePki, type Pki } from "./pki.ts";
import { genCerts } from "../../examples/mtls/gen-certs.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
export const GOLDEN = join(ROOT, "test/golden/graph");
export const AT = "2026-11-22T00:00:00Z";

/** The fixtures: their directory, the configs in order, and the options they are drawn with. */
export const FIXTURES: Record<string, { files: string[]; args: string[] }> = {
  mtls: { files: ["cas.json5", "scheduler.json5", "worker.json5"], args: ["--host-map", "scheduler.build.internal=scheduler.json5", "--host-map", "cas.build.internal=cas.json5"] },
  "services-and-dangling": { files: ["scheduler.json5", "worker.json5"], args: ["--profile", "development", "--host-map", "scheduler.internal=scheduler.json5"] },
  "scheme-tls": { files: ["cas.json5", "scheduler.json5", "worker.json5"], args: ["--host-map", "sched.internal=scheduler.json5", "--host-map", "localhost=cas.json5"] },
  "instance-mtls": { files: ["cas.json5", "scheduler.json5", "worker.json5"], args: ["--host-map", "cas.internal=cas.json5"] },
};

let pki: Pki | undefined;

/** A directory with the fixture's configs and the certificates they name (made now, never committed). */
export async function fixtureDir(name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `nlp-graph-${name}-`));
  if (name === "mtls") {
    for (const f of FIXTURES.mtls!.files) copyFileSync(join(ROOT, "examples/mtls", f), join(dir, f));
    await genCerts(join(dir, "certs"), Date.parse(AT));
    return dir;
  }
  pki ??= await makePki(mkdtempSync(join(tmpdir(), "nlp-graph-pki-")), { now: new Date(AT) });
  for (const f of Object.values(pki.files)) {
    if (!f) continue;
    copyFileSync(f, join(dir, basename(f)));
    // Private keys as a deployment keeps them, whatever the umask.
    chmodSync(join(dir, basename(f)), f.endsWith(".key") ? 0o600 : 0o644);
  }
  cpSync(join(GOLDEN, name), dir, { recursive: true });
  return dir;
}

export async function draw(name: string, format: string, dir?: string) {
  const d = dir ?? (await fixtureDir(name));
  const f = FIXTURES[name]!;
  return { dir: d, ...(await cli(["graph", "--format", format, "--at", AT, ...f.args, ...f.files], { cwd: d })) };
}

