// Checks the generated type table and JSON Schema: no drift from the model, ajv accepts the schema,
// and the schema agrees with NativeLink v1.6.6's own loader on canonical configs.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { evaluate, parse } from "@humanwhocodes/momoa";
import {
  PROJECT_ROOT,
  SCHEMA_ID,
  SCHEMA_OUT,
  TS_OUT,
  TYPES_OUT,
  buildTypeTable,
  countTable,
  generate,
  loadModel,
  tsName,
} from "../scripts/gen-schema.ts";
import { TYPE_TABLE } from "../src/typetable.ts";
import { decodeTable, encodeTable } from "../src/typetable-codec.ts";

const SHARED = resolve(PROJECT_ROOT, "test/fixtures");
const VERDICTS = resolve(SHARED, "reference/nativelink-1.6.6-verdicts.json");
const CORPUS = resolve(SHARED, "corpus");
// The reference copies live in test/fixtures (scripts/sync-fixtures.mjs); a missing one fails the reads below.

const schema = JSON.parse(readFileSync(SCHEMA_OUT, "utf8")) as Record<string, unknown>;

function compile(): ValidateFunction {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
function json5(text: string): unknown {
  return evaluate(parse(text, { mode: "json5" }));
}
function errorsOf(v: ValidateFunction, data: unknown): ErrorObject[] {
  return v(data) ? [] : [...(v.errors ?? [])];
}
const brief = (errs: ErrorObject[]) => errs.map((e) => `${e.keyword}@${e.instancePath}`).join(", ");

describe("generated files", () => {
  it(`match a fresh generation from the model (drift)`, () => {
    const fresh = generate(loadModel());
    expect(readFileSync(TYPES_OUT, "utf8"), "run: npx tsx scripts/gen-schema.ts").toBe(fresh.types);
    expect(readFileSync(SCHEMA_OUT, "utf8"), "run: npx tsx scripts/gen-schema.ts").toBe(fresh.schema);
    expect(readFileSync(TS_OUT, "utf8"), "run: npx tsx scripts/gen-schema.ts").toBe(fresh.ts);
  });

  it("the stored table reads back as the generated table (defaults aside, which the walker does not read)", () => {
    const built = buildTypeTable(loadModel());
    for (const t of Object.values(built.types)) if (t.kind === "struct") for (const f of t.fields) delete f.default;
    expect(decodeTable(encodeTable(built))).toEqual(built);
    expect(TYPE_TABLE).toEqual(built);
  });

  it("TypeScript types: an interface per struct, a union per enum, a key union per struct", () => {
    const ts = readFileSync(TS_OUT, "utf8");
    const table = buildTypeTable(loadModel());
    for (const [key, t] of Object.entries(table.types)) {
      const name = tsName(key);
      if (t.kind === "enum") expect(ts, key).toContain(`export type ${name} =\n`);
      else expect(ts, key).toMatch(new RegExp(`export (interface ${name}\\b|type ${name} = )`));
      expect(ts, key).toContain(t.kind === "enum" ? `export type ${name}Variant = ` : `export type ${name}Key = `);
    }
    expect(ts).toContain('export type StoreConfigKey = "name" | "cache_metrics" | "memory"');
    expect(ts).toContain("export interface WithInstanceNameCasStoreConfig extends CasStoreConfig {");
    expect(ts).toContain("export interface Located<T> {");
  });

  it(`type table counts equal the model's counts`, () => {
    const model = loadModel();
    expect(countTable(buildTypeTable(model))).toEqual({
      types: model.counts.types,
      structs: model.counts.structs,
      enums: model.counts.enums,
      fields_incl_flatten_members: model.counts.fields_incl_flatten_members,
      variants: model.counts.variants,
    });
  });

  it("type table references only its own keys", () => {
    const table = TYPE_TABLE;
    const keys = new Set(Object.keys(table.types));
    const refs = (t: string): string[] => {
      if (keys.has(t)) return [t];
      const inner = (/^(option|array)<(.*)>$/.exec(t) ?? /^(map)<string,(.*)>$/.exec(t))?.[2];
      if (inner !== undefined) return refs(inner);
      expect(["string", "bool", "integer", "number", "duration", "data_size"]).toContain(t);
      return [];
    };
    for (const t of Object.values(table.types)) {
      const types = t.kind === "struct" ? [...t.fields.map((f) => f.type), ...t.flatten] : t.variants.flatMap((v) => (v.payload ? [v.payload] : []));
      for (const r of types.flatMap(refs)) expect(keys.has(r), r).toBe(true);
    }
    expect(table.types.StoreConfig).toMatchObject({ kind: "struct", flatten: ["StoreSpec"], named: "StoreSpec" });
    expect(table.types.ExperimentalCloudObjectSpec).toMatchObject({ kind: "enum", repr: "internal", tag: "provider" });
  });
});

describe("schema", () => {
  it("is a valid draft-07 schema that stock ajv compiles", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe(SCHEMA_ID);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(typeof ajv.compile(schema)).toBe("function");
    expect(typeof compile()).toBe("function");
  });

  it("describes every definition and every property", () => {
    const missing: string[] = [];
    const defs = schema.definitions as Record<string, Record<string, unknown>>;
    for (const [name, def] of Object.entries(defs)) {
      if (typeof def.description !== "string" || def.description === "") missing.push(name);
      const walk = (s: unknown, path: string) => {
        if (!s || typeof s !== "object") return;
        const o = s as Record<string, unknown>;
        if (o.properties && typeof o.properties === "object") {
          for (const [k, p] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
            const isRefOrConst = "$ref" in p || "const" in p;
            if (!isRefOrConst && typeof p.description !== "string") missing.push(`${path}.${k}`);
            walk(p, `${path}.${k}`);
          }
        }
        for (const key of ["anyOf", "allOf"]) for (const b of (o[key] as unknown[] | undefined) ?? []) walk(b, path);
        if (o.then) walk(o.then, path);
      };
      walk(def, name);
    }
    expect(missing).toEqual([]);
  });

  it("rejects a top-level $schema, as NativeLink does (editors map the schema by file pattern)", () => {
    const v = compile();
    expect(errorsOf(v, { $schema: SCHEMA_ID, stores: [], servers: [] }).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// NativeLink's verdicts (test/fixtures/reference/nativelink-1.6.6-verdicts.json)

interface Verdict {
  id: string;
  config_json5: string;
  nativelink_verdict: "OK" | "ERR" | "PANIC";
  nativelink_message: string;
}
const verdicts = JSON.parse(readFileSync(VERDICTS, "utf8")) as Verdict[];
const byId = (id: string): Verdict => {
  const c = verdicts.find((x) => x.id === id);
  if (!c) throw new Error(`verdict case '${id}' not found`);
  return c;
};

/** Accepted by NativeLink only thanks to forms the engine normalises away before validating. */
const NON_CANONICAL: Record<string, string> = {
  store_unknown_key_ignored: "unknown key in a stores[] entry (ignored by NativeLink)",
  store_two_variants_first_wins: "second store kind key (ignored)",
  store_two_variants_second_bad_ignored: "second store kind key (ignored)",
  listener_extra_key_ignored: "extra key after the first in a direct-path enum object",
  cas_entry_unknown_ignored: "unknown key in a service array item (ignored)",
  bs_new_unknown_ignored: "unknown key in a service array item (ignored)",
  worker_extra_key_ignored: "extra key after the first in a direct-path enum object",
  worker_upload_strategy_obj_extra: "extra key after the first in a direct-path enum object",
  global_hash_obj_extra_direct: "extra key after the first in a direct-path enum object",
  sched_unknown_key_ignored: "unknown key in a schedulers[] entry (ignored)",
  eviction_as_array: "positional-array struct",
  http_tls_as_array_direct: "positional-array struct",
};

/** Rejected by NativeLink for reasons a JSON Schema on the parsed value cannot see. */
const NOT_SCHEMA_CHECKABLE: Record<string, string> = {
  top_dup_key: "duplicate key (gone after parsing)",
  cloud_dup_provider: "duplicate key (gone after parsing)",
  http_adv_alias_and_canonical: "alias and canonical name both given (engine checks this on the AST)",
  bs_new_alias_and_canonical: "alias and canonical name both given",
  grpc_conn_exp: "1e3 is a float literal to NativeLink but the integer 1000 after parsing",
  global_mof_float: "1.0 is a float literal to NativeLink but the integer 1 after parsing",
  fs_read_buffer_too_big: '"5GB" overflows u32 only after unit conversion (engine converts first)',
  grpc_conn_undefined_env: "undefined ${VAR} (engine expands first)",
  cas_ac_same_store: "cross-service rule (CAS and AC share a store)",
  cas_ac_same_store_expanded: "cross-service rule after ${VAR} expansion",
};

/** Purely structural rejections and the ajv keyword (at the pointer) that must report each. */
const STRUCTURAL_ERRORS: [id: string, keyword: string, at: string][] = [
  ["missing_stores", "required", ""],
  ["top_unknown", "additionalProperties", ""],
  ["store_no_variant", "additionalProperties", "/stores/0"],
  ["store_missing_name", "required", "/stores/0"],
  ["store_name_number", "type", "/stores/0/name"],
  ["store_variant_null", "type", "/stores/0/memory"],
  ["nested_two_keys", "maxProperties", "/stores/0/fast_slow/fast"],
  ["nested_string_form", "type", "/stores/0/fast_slow/fast"],
  ["nested_empty_obj", "minProperties", "/stores/0/fast_slow/fast"],
  ["memory_unknown", "additionalProperties", "/stores/0/memory"],
  ["shard_missing_weight", "required", "/stores/0/shard/stores/0"],
  ["fs_required", "required", "/stores/0/filesystem"],
  ["fs_read_buffer_int_too_big", "maximum", "/stores/0/filesystem/read_buffer_size"],
  ["size_part_size_neg", "minimum", "/stores/0/size_partitioning/size"],
  ["grpc_store_type_bad_case", "enum", "/stores/0/grpc/store_type"],
  ["grpc_rcc_null", "type", "/stores/0/grpc/experimental_remote_cache_compression"],
  ["grpc_rcc_yes", "pattern", "/stores/0/grpc/experimental_remote_cache_compression"],
  ["grpc_rpc_timeout_bare_string", "pattern", "/stores/0/grpc/rpc_timeout_s"],
  ["grpc_conn_float_str", "pattern", "/stores/0/grpc/connections_per_endpoint"],
  ["grpc_retry_codes_snake", "enum", "/stores/0/grpc/retry/retry_on_errors/0"],
  ["cloud_no_provider", "required", "/stores/0/experimental_cloud_object_store"],
  ["cloud_aws_unknown", "additionalProperties", "/stores/0/experimental_cloud_object_store"],
  ["cloud_provider_upper", "enum", "/stores/0/experimental_cloud_object_store/provider"],
  ["cloud_ontap_missing", "required", "/stores/0/experimental_cloud_object_store"],
  ["ontap_cache_with_provider", "additionalProperties", "/stores/0/ontap_s3_existence_cache/backend"],
  ["compression_lz4_string", "type", "/stores/0/compression/compression_algorithm"],
  ["mongo_write_concern_number", "type", "/stores/0/experimental_mongo/write_concern_w"],
  ["listener_empty", "minProperties", "/servers/0/listener"],
  ["listener_string_panics", "type", "/servers/0/listener"],
  ["http_unknown", "additionalProperties", "/servers/0/listener/http"],
  ["http_compression_partial", "required", "/servers/0/listener/http/compression"],
  ["svc_unknown", "additionalProperties", "/servers/0/services"],
  ["cas_entry_missing_store", "required", "/servers/0/services/cas/0"],
  ["cas_old_map_unknown_rejected", "additionalProperties", "/servers/0/services/cas/main"],
  ["bs_old_missing_cas_stores", "required", "/servers/0/services/bytestream"],
  ["worker_empty_obj", "minProperties", "/workers/0"],
  ["worker_missing_platform_properties", "required", "/workers/0/local"],
  ["worker_prop_string_panics", "type", "/workers/0/local/platform_properties/cpu_count"],
  ["global_missing_max_open_files", "required", "/global"],
  ["global_hash_upper", "enum", "/global/default_digest_hash_function"],
  ["global_mof_hexstr", "pattern", "/global/max_open_files"],
  ["sched_simple_unknown", "additionalProperties", "/schedulers/0/simple"],
  ["sched_nested_two_keys", "maxProperties", "/schedulers/0/cache_lookup/scheduler"],
];

describe(`NativeLink v1.6.6 verdicts`, () => {
  const v = compile();

  it("accepts every canonical config NativeLink accepts", () => {
    const canonical = verdicts.filter(
      (c) => c.nativelink_verdict === "OK" && !(c.id in NON_CANONICAL) && !c.config_json5.includes("${"),
    );
    expect(canonical.length).toBeGreaterThan(60);
    const rejected = canonical
      .map((c) => ({ id: c.id, errs: errorsOf(v, json5(c.config_json5)) }))
      .filter((r) => r.errs.length > 0)
      .map((r) => `${r.id}: ${brief(r.errs)}`);
    expect(rejected).toEqual([]);
  });

  it("accepts raw ${VAR} values in helper and plain fields (editor use)", () => {
    const withVars = verdicts.filter((c) => c.nativelink_verdict === "OK" && c.config_json5.includes("${"));
    expect(withVars.length).toBeGreaterThan(0);
    for (const c of withVars) expect(brief(errorsOf(v, json5(c.config_json5))), c.id).toBe("");
  });

  it.each(Object.entries(NON_CANONICAL))("rejects non-canonical %s until the engine normalises it (%s)", (id) => {
    const c = byId(id);
    expect(c.nativelink_verdict).toBe("OK");
    expect(errorsOf(v, json5(c.config_json5)).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(NOT_SCHEMA_CHECKABLE))("leaves %s to the engine (%s)", (id) => {
    const c = byId(id);
    expect(c.nativelink_verdict).toBe("ERR");
    expect(brief(errorsOf(v, json5(c.config_json5)))).toBe("");
  });

  it.each(STRUCTURAL_ERRORS)("rejects %s with %s at '%s'", (id, keyword, at) => {
    const c = byId(id);
    expect(c.nativelink_verdict).not.toBe("OK");
    const errs = errorsOf(v, json5(c.config_json5));
    expect(errs.some((e) => e.keyword === keyword && e.instancePath === at), brief(errs)).toBe(true);
  });

  it("classifies every rejected verdict case as structural, engine-only or schema-caught", () => {
    const listed = new Set([...STRUCTURAL_ERRORS.map((s) => s[0]), ...Object.keys(NOT_SCHEMA_CHECKABLE)]);
    const slipped = verdicts
      .filter((c) => c.nativelink_verdict !== "OK" && !listed.has(c.id))
      .filter((c) => errorsOf(v, json5(c.config_json5)).length === 0)
      .map((c) => c.id);
    expect(slipped).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Official v1.6.6 example configs (test/fixtures/corpus)

interface CorpusEntry {
  local: string;
  nativelink_1_6_6_load: string;
}
const corpus: CorpusEntry[] = existsSync(resolve(CORPUS, "INDEX.json"))
  ? (JSON.parse(readFileSync(resolve(CORPUS, "INDEX.json"), "utf8")) as CorpusEntry[]).filter(
      (e) => e.local.startsWith("official-v1.6.6/") && e.nativelink_1_6_6_load === "OK",
    )
  : [];

describe.skipIf(corpus.length === 0)(`official v1.6.6 configs NativeLink loads`, () => {
  const v = compile();
  const loaded = corpus.map((e) => {
    const text = readFileSync(resolve(CORPUS, e.local), "utf8");
    return { file: e.local, text, data: json5(text) };
  });

  it("parse as JSON5 and validate (those without ${VAR})", () => {
    const plain = loaded.filter((c) => !c.text.includes("${"));
    expect(plain.length).toBeGreaterThan(25);
    expect(plain.map((c) => `${c.file}: ${brief(errorsOf(v, c.data))}`).filter((s) => !s.endsWith(": "))).toEqual([]);
  });

  it("validate in raw form too when they use ${VAR}", () => {
    const withVars = loaded.filter((c) => c.text.includes("${"));
    expect(withVars.map((c) => `${c.file}: ${brief(errorsOf(v, c.data))}`).filter((s) => !s.endsWith(": "))).toEqual([]);
  });
});
