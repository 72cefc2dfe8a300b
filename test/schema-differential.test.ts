// The published JSON Schema and the walker are two readings of one type table: on every verdict and
// corpus config (and on seeded mutations of them), ajv's verdict on the walker's canonical copy must
// be the walker's own verdict. A disagreement means one of the two misreads the table.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { parseConfigText } from "../src/load.ts";
import { normalize } from "../src/normalize.ts";
import type { Normalized } from "../src/normalize.ts";
import type { DocNode } from "../src/doc.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("../schemas/nativelink-config.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
const validate: ValidateFunction = new Ajv({ allErrors: true, strict: false }).compile(schema);

const verdicts = JSON.parse(readFileSync(new URL("reference/nativelink-1.6.6-verdicts.json", FIXTURES), "utf8")) as { id: string; config_json5: string }[];
const corpus = (JSON.parse(readFileSync(new URL("corpus/INDEX.json", FIXTURES), "utf8")) as { local: string }[]).map((e) => ({
  id: e.local,
  text: readFileSync(new URL(`corpus/${e.local}`, FIXTURES), "utf8"),
}));
const ENV = { get: (name: string) => (name === "SET" ? "7" : undefined) };

interface Verdicts {
  walker: string[];
  ajv: string[];
}

/**
 * Both verdicts on one config. A value the walker refused before typing it (a diagnostic: a bad
 * duration, an unset ${VAR}, an unknown variant) is a placeholder in the canonical copy, so ajv's
 * errors at or inside it, and its unions' branch errors above it, say nothing about the types.
 */
function verdicts2(text: string): Verdicts | undefined {
  const loaded = parseConfigText({ file: "c.json5", path: "c.json5", comments: [] }, Buffer.from(text, "utf8"));
  if (!loaded.root) return undefined;
  const norm: Normalized = normalize(loaded.root, { env: ENV });
  const under = (p: string, m: string) => p === m || p.startsWith(m + "/");
  const refused = [...norm.diagnostics.filter((d) => d.masksSchema).map((d) => d.at), ...norm.unread];
  // A struct written as a list is an object in the canonical copy: its items' paths change there.
  const positional = norm.diagnostics.filter((d) => d.code === "struct-positional").map((d) => d.at);
  const renamed = positional.filter((p) => refused.some((r) => r !== p && under(r, p)));
  const errors: ErrorObject[] = validate(norm.effective) ? [] : [...(validate.errors ?? [])];
  const ajv = errors
    .filter((e) => !refused.some((m) => under(e.instancePath, m) || (["anyOf", "type", "if"].includes(e.keyword) && under(m, e.instancePath))))
    .filter((e) => !renamed.some((p) => e.instancePath.startsWith(p + "/")))
    .map((e) => `${e.keyword}@${e.instancePath}`);
  return { walker: norm.issues.map((i) => `${i.code}@${i.at}`), ajv };
}

function agree(text: string): void {
  const v = verdicts2(text);
  if (!v) return;
  expect(v.ajv.length === 0 ? "accepts" : "rejects", `walker: ${v.walker.join(", ") || "-"}; ajv: ${v.ajv.join(", ") || "-"}`).toBe(
    v.walker.length === 0 ? "accepts" : "rejects",
  );
}

describe("ajv with the published schema agrees with the walker", () => {
  it("on the 183 verdict configs", () => {
    expect(verdicts.length).toBe(183);
    for (const c of verdicts) agree(c.config_json5);
  });

  it("on the 303 corpus configs", () => {
    expect(corpus.length).toBe(303);
    for (const c of corpus) agree(c.text);
  });

  it("on 1000 seeded mutations of them (a value replaced, a key renamed or removed)", () => {
    const all = [...verdicts.map((c) => c.config_json5), ...corpus.map((c) => c.text)];
    let seed = 13;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pick = <T,>(xs: readonly T[]): T => {
      const x = xs[next(xs.length)];
      if (x === undefined) throw new Error("pick from an empty list");
      return x;
    };
    const values = ['"x"', "5", "-1", "1.5", "true", "null", "[]", "{}", "[1]", "{ a: 1 }", "4294967296", "256", '"5"', '"${SET}"', '"1h"', '"10KiB"', '""', "Infinity", "[{}]", '["a"]'];
    let rejected = 0;
    for (let i = 0; i < 1000; i++) {
      const text = pick(all);
      const root = parseConfigText({ file: "m", path: "m", comments: [] }, Buffer.from(text, "utf8")).root;
      if (!root) continue;
      const members: { keyStart: number; value: DocNode }[] = [];
      const visit = (n: DocNode) => {
        if (n.kind === "object") {
          for (const m of n.members) {
            members.push({ keyStart: m.keySpan.column, value: m.value });
            visit(m.value);
          }
        }
        if (n.kind === "array") n.items.forEach(visit);
      };
      visit(root);
      if (members.length === 0) continue;
      const m = pick(members);
      const [start, end] = m.value.range;
      const mutated = text.slice(0, start) + pick(values) + text.slice(end);
      const v = verdicts2(mutated);
      if (v && v.walker.length > 0) rejected++;
      agree(mutated);
    }
    // The mutations do break configs: the agreement is not only on configs both accept.
    expect(rejected).toBeGreaterThan(100);
  });
});
