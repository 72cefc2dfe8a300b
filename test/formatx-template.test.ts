// formatxTemplate (src/facts/worker.ts) reads a template in a few single passes. Before, it rebuilt the
// whole template for every `}}`, every positional `{}` and every placeholder, as formatx does, so a
// template of n of them cost n². These tests hold it to that implementation (kept below, unchanged, as
// the reference) over generated templates, and count the work of long ones.
import { describe, expect, it } from "vitest";
// The spec check (formatSpecError) is the same in both: the reference takes it from the source.
import { formatSpecError, formatxTemplate, type TemplateOutcome } from "../src/facts/worker.ts";
import { seeded } from "./helpers/seeded.ts";
import { measureWork } from "./helpers/work.ts";

// ---- the reference: formatxTemplate as it was before the single-pass rewrite ------------------------

const UNWRAP_NONE = "called `Option::unwrap()` on a `None` value";

class TemplatePanic extends Error {}

function replacen(s: string, from: string, to: string): string {
  const i = s.indexOf(from);
  return i < 0 ? s : s.slice(0, i) + to + s.slice(i + from.length);
}

/** formatx's `get_placeholders`: names of `{...}` groups, cut at `:` and at the first space. */
function templatePlaceholders(template: string): string[] {
  const out: string[] = [];
  let t = template;
  while (t.includes("{") && t.includes("}")) {
    const start = t.indexOf("{");
    const end = t.indexOf("}");
    // `&template[(start + 1)..end]` panics when a `}` comes before the first `{`.
    if (end < start) throw new TemplatePanic("a `}` before the first `{` makes formatx slice a string backwards");
    const body = t.slice(start + 1, end);
    t = t.slice(0, start) + t.slice(end + 1);
    const colon = body.indexOf(":");
    const [name = ""] = (colon >= 0 ? body.slice(0, colon) : body).split(" ");
    out.push(name);
  }
  return out;
}

/** formatx 0.2.4 `Template::new`, step by step (escapes, brace count, positional names, placeholders, specs). */
function referenceTemplate(input: string): TemplateOutcome {
  try {
    let template = input.split("{{").join("[curly=open]");
    for (let i = template.lastIndexOf("}}"); i >= 0; i = template.lastIndexOf("}}")) {
      template = template.slice(0, i) + "[curly=close]" + template.slice(i + 2);
    }
    const open = template.split("{").length - 1;
    const close = template.split("}").length - 1;
    if (open !== close) return { ok: false, panic: false, message: `number of opening and closing curly braces are not equal i.e. ${open} != ${close}` };
    let position = 0;
    const named = templatePlaceholders(template);
    while (template.includes("{}") || template.includes("{:")) {
      while (named.includes(String(position))) position++;
      const x = template.indexOf("{}");
      const y = template.indexOf("{:");
      if (x >= 0 && (y < 0 || y > x)) template = replacen(template, "{}", `{${position}}`);
      else template = replacen(template, "{:", `{${position}:`);
      position++;
    }
    let query = template;
    const names: string[] = [];
    for (const name of templatePlaceholders(template)) {
      const start = query.indexOf(`{${name}`);
      if (start < 0) throw new TemplatePanic(UNWRAP_NONE);
      const rel = query.slice(start).indexOf("}");
      if (rel < 0) throw new TemplatePanic(UNWRAP_NONE);
      const matched = query.slice(start + 1, start + rel);
      const colon = matched.lastIndexOf(":");
      if (colon >= 0) {
        const err = formatSpecError(matched.slice(colon + 1), matched);
        if (err) return { ok: false, panic: false, message: err };
      }
      query = replacen(query, `{${matched}}`, "");
      if (!names.includes(name)) names.push(name);
    }
    return { ok: true, placeholders: names };
  } catch (e) {
    if (e instanceof TemplatePanic) return { ok: false, panic: true, message: e.message };
    throw e;
  }
}

// ---- generated templates ------------------------------------------------------------------------

const PIECES = [
  "{", "}", "{{", "}}", "{}", "{0}", "{1}", "{2}", "{name}", "{:x}", "{:}", "{a:>8}", "{b:.2}", "{c:.}", "{ d}", "{e f}", "{0:e}",
  "{x:+-}", "{y:.*}", "{z:#0}", "{w:$}", "{v:<^}", "{u:?.1}", "{action_digest_hash}", "{digest_function}", "{a{b}", "{:{}", "{}}", "{{}",
  "ab", "/", ":", " ", "0", "1", ".", "é", "x",
];

function template(rand: (n: number) => number): string {
  let s = "";
  for (let k = rand(14); k > 0; k--) s += PIECES[rand(PIECES.length)]!;
  return s;
}

const kind = (r: TemplateOutcome) => (r.ok ? "ok" : r.panic ? "panic" : "error");

describe("formatxTemplate", () => {
  it("answers as the reference does for 20,000 generated templates", () => {
    const rand = seeded(1616);
    const seen = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const t = template(rand);
      const r = formatxTemplate(t);
      expect(r, JSON.stringify(t)).toEqual(referenceTemplate(t));
      const k = r.ok ? (r.placeholders.length > 0 ? "ok" : "ok, none") : kind(r) === "panic" ? "panic" : r.message.startsWith("number") ? "unbalanced" : "spec";
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    // Every outcome comes up often enough to be compared.
    for (const k of ["ok", "ok, none", "panic", "unbalanced", "spec"]) expect(seen.get(k) ?? 0, k).toBeGreaterThan(500);
  });

  it("answers as the reference does for long runs of one piece and of pairs of pieces", () => {
    for (const a of PIECES) {
      for (const b of ["", ...PIECES]) {
        for (const n of [1, 2, 3, 7]) {
          const t = (a + b).repeat(n);
          expect(formatxTemplate(t), JSON.stringify(t)).toEqual(referenceTemplate(t));
        }
      }
    }
  });

  // n placeholders, escapes or positionals: each was a search and a copy of the whole template. Before:
  // 7.8e8, 1.8e8, 1.2e9 and 6.1e9 characters looked at.
  const n = 5_000;
  const shapes: [string, string, TemplateOutcome][] = [
    ["positional {}", "{}/".repeat(n), { ok: true, placeholders: Array.from({ length: n }, (_, i) => String(i)) }],
    ["}} escapes", "}}/".repeat(n), { ok: true, placeholders: [] }],
    ["named placeholders", "{action_digest_hash}/".repeat(n), { ok: true, placeholders: ["action_digest_hash"] }],
    ["positionals beside numbered names", "{}/{1}/{:>4}/".repeat(n), { ok: true, placeholders: ["0", "1", ...Array.from({ length: 2 * n - 1 }, (_, i) => String(i + 2))] }],
  ];
  for (const [name, t, want] of shapes) {
    it(`reads ${n.toLocaleString("en")} ${name} looking at each character a bounded number of times`, async () => {
      const { result, work } = await measureWork(() => formatxTemplate(t));
      expect(result).toEqual(want);
      expect(work.chars).toBeLessThan(10 * t.length);
      expect(work.elements).toBeLessThan(10 * t.length);
    });
  }
});
