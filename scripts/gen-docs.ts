// Writes docs/rules/<id>.md for every rule and the rule table in README.md (npx tsx scripts/gen-docs.ts).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { METAS, readmeTable, rulePage, spliceReadme } from "./docs-lib.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "docs/rules");
mkdirSync(dir, { recursive: true });
const keep = new Set(METAS.map((m) => `${m.id}.md`));
for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(join(dir, f));
for (const m of METAS) writeFileSync(join(dir, `${m.id}.md`), await rulePage(m));
const readmePath = join(root, "README.md");
writeFileSync(readmePath, spliceReadme(readFileSync(readmePath, "utf8"), readmeTable(METAS)));
console.log(`wrote ${METAS.length} rule pages and the README table`);
