// Typed reads: keys and variant names come from the generated types, so a misspelt one (or, through
// the typed handles, a key of another struct) does not compile (`npm run typecheck` fails on the @ts-expect-error lines below if they start compiling).
// The suite itself does not run tsc, so the last test hands a snippet to the TypeScript compiler.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../src/load.ts";
import { doc, field, get, items, tag } from "../src/typed.ts";

const root = parseConfigText(
  { file: "c", path: "c", comments: [] },
  Buffer.from('{ schedulers: [{ name: "S", simple: { experimental_backend: { redis: { redis_store: "R", redis_store: "R2" } } } }] }'),
).root!;

describe("field() and tag()", () => {
  it("read the value NativeLink reads, the later of two equal keys", () => {
    const backend = get(get(get(items(get(doc(root), "schedulers"))[0], "simple"), "experimental_backend"), "redis");
    const redis = field(backend, "ExperimentalRedisSchedulerBackend", "redis_store");
    expect(redis?.kind === "string" && redis.value).toBe("R2");
  });

  it("refuse keys a struct does not have, at compile time", () => {
    // @ts-expect-error: CasStoreConfig has cas_store, not cas_stor
    expect(field(root, "CasStoreConfig", "cas_stor")).toBeUndefined();
    // @ts-expect-error: the cloud store's tag is provider
    expect(tag(root, "ExperimentalCloudObjectSpec", "providr")).toBeUndefined();
  });

  it("are refused by the TypeScript compiler when a key or tag is misspelt", () => {
    const text = [
      'import type { DocNode } from "../src/doc.ts";',
      'import { field, tag } from "../src/typed.ts";',
      "export function read(n: DocNode): unknown[] {",
      "  return [",
      '    field(n, "CasStoreConfig", "cas_store"),',
      '    field(n, "CasStoreConfig", "not_a_key"),',
      '    tag(n, "ExperimentalCloudObjectSpec", "providr"),',
      "  ];",
      "}",
    ].join("\n");
    expect(compileErrors(text)).toEqual([
      `6: TS2345 Argument of type '"not_a_key"' is not assignable to parameter of type 'CasStoreConfigKey'.`,
      `7: TS2345 Argument of type '"providr"' is not assignable to parameter of type '"provider"'.`,
    ]);
  });
});

describe("typed handles: doc(), get(), items()", () => {
  it("read down from the root the values NativeLink reads", () => {
    const simple = get(items(get(doc(root), "schedulers"))[0], "simple");
    const redis = get(get(get(simple, "experimental_backend"), "redis"), "redis_store");
    expect(redis?.kind === "string" && redis.value).toBe("R2");
    expect(items(get(doc(root), "stores"))).toEqual([]);
  });

  it("carry the type down every read: a key of another struct does not compile, nor a misspelt one", () => {
    const text = [
      'import type { DocNode } from "../src/doc.ts";',
      'import { doc, get, items } from "../src/typed.ts";',
      "export function read(n: DocNode): unknown[] {",
      '  const server = items(get(doc(n), "servers"))[0];',
      '  const store = items(get(doc(n), "stores"))[0];',
      "  return [",
      '    get(get(get(server, "listener"), "http"), "socket_address"),',
      '    get(get(store, "grpc"), "endpoints"),',
      '    get(store, "listener"),',
      '    get(get(server, "listener"), "htpp"),',
      '    get(get(store, "memory"), "eviction_policy"),',
      "  ];",
      "}",
    ].join("\n");
    const errors = compileErrors(text);
    // A store has no listener; the listener's variant is http. Everything else compiles.
    expect(errors.map((e) => e.split(" ").slice(0, 2).join(" "))).toEqual(["9: TS2345", "10: TS2345"]);
    expect(errors[0]).toContain(`Argument of type '"listener"' is not assignable`);
    expect(errors[1]).toContain(`Argument of type '"htpp"' is not assignable`);
  });
});

/** The TypeScript compiler's errors for a snippet that sits in test/ (never written to disk), by line. */
function compileErrors(text: string): string[] {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const parsed = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error("tsconfig.json did not parse");
  // A file that is never written: the host serves it from memory, beside the other tests.
  const file = `${root}test/typed-snippet.ts`;
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, onError) => (name === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, onError));
  host.fileExists = (name) => name === file || fileExists(name);
  // Only the snippet's own diagnostics are read, so the ambient Node types need not be loaded.
  const program = ts.createProgram([file], { ...parsed.options, types: [] }, host);
  const snippet = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(snippet), ...program.getSemanticDiagnostics(snippet)].map((d) => {
    const line = snippet.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    return `${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}
