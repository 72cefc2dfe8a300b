// Writes a rule example's files into a fresh directory. A file whose content is "@pki:<name>" is a
// copy of that file of a PKI generated at run time (no private key is ever committed).
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RuleExample } from "../../src/types.ts";
import { makePki, type Pki } from "./pki.ts";

/** The date examples are judged at, and the PKI is made for. */
export const EXAMPLE_NOW = new Date("2026-11-22T00:00:00Z");

let pki: Promise<Pki> | undefined;

function examplePki(): Promise<Pki> {
  pki ??= makePki(mkdtempSync(join(tmpdir(), "nlp-example-pki-")), { now: EXAMPLE_NOW });
  return pki;
}

export async function materializeExample(ex: RuleExample): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "nlp-example-"));
  for (const [rel, text] of Object.entries(ex.files ?? {})) {
    const to = join(dir, rel);
    mkdirSync(dirname(to), { recursive: true });
    if (text.startsWith("@pki:")) {
      const name = text.slice(5) as keyof Pki["files"];
      const from = (await examplePki()).files[name];
      if (!from) throw new Error(`example names unknown PKI file ${name}`);
      copyFileSync(from, to);
    } else {
      writeFileSync(to, text);
    }
    const mode = ex.modes?.[rel];
    if (mode !== undefined) chmodSync(to, mode);
  }
  return dir;
}

/** For an --on-host example with a stand-in /proc: its files written under the example's dir (.proc), /sys and /etc unseen. */
export function exampleHostRoots(ex: RuleExample, dir: string): { proc: string; sys: string; etc: string } | undefined {
  if (!ex.host?.proc) return undefined;
  const proc = join(dir, ".proc");
  for (const [rel, text] of Object.entries(ex.host.proc)) {
    mkdirSync(dirname(join(proc, rel)), { recursive: true });
    writeFileSync(join(proc, rel), text);
  }
  return { proc, sys: join(dir, ".sys"), etc: "/etc" };
}
