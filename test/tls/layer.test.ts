import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The layer's contract, checked on the source: one disk-touching module, nothing heavy at load.
const SRC = join(process.cwd(), "src/tls");
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => ({ file: f, text: readFileSync(join(SRC, f), "utf8") }));
const imports = (text: string) => Array.from(text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm), (m) => m[1]!);

describe("src/tls layering", () => {
  it("has the expected modules", () => {
    expect(sources.map((s) => s.file).sort()).toEqual(["der.ts", "facts.ts", "index.ts", "openssl.ts", "pem.ts", "read.ts", "verify.ts", "x509.ts"]);
  });
  // src/rust/ (Rust's texts, pure functions importing nothing of the project) is below every layer.
  it.each(sources.map((s) => [s.file, s] as const))("%s imports only node built-ins, siblings and src/rust", (_f, s) => {
    for (const spec of imports(s.text)) expect(spec.startsWith("node:") || spec.startsWith("./") || spec.startsWith("../rust/")).toBe(true);
  });
  it.each(sources.map((s) => [s.file, s] as const))("%s: only read.ts touches the file system", (file, s) => {
    const fs = imports(s.text).some((spec) => spec === "node:fs" || spec === "node:fs/promises");
    expect(fs).toBe(file === "read.ts");
  });
  it("nothing in src/tls loads @peculiar/x509 (the ~80-200 ms import stays out of the engine)", () => {
    for (const s of sources) expect(s.text).not.toMatch(/(?:from|import\(|require\()\s*["'](?:@peculiar|reflect-metadata)/);
  });
  it("the openssl module only builds strings", () => {
    const text = sources.find((s) => s.file === "openssl.ts")!.text;
    expect(imports(text)).toEqual([]);
    expect(text).not.toMatch(/child_process|execSync|spawnSync|\bexec\(|\bspawn\(/);
  });
});
