#!/usr/bin/env node
// Copies the reference material the tests replay (../shared: NativeLink's loader verdicts, its error
// catalog and config model, the real-config corpus with its INDEX, and the SchemaStore schemas) into
// test/fixtures/, so a fresh clone runs every test without ../shared beside it.
// Run it again when ../shared changes: `node scripts/sync-fixtures.mjs`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "../shared");
const out = join(root, "test/fixtures");
if (!existsSync(join(shared, "corpus/INDEX.json"))) {
  console.error(`sync-fixtures: ${shared} has no corpus/INDEX.json; nothing copied`);
  process.exit(2);
}
const copies = [
  ["corpus", "corpus"],
  ["reference/nativelink-1.6.6-verdicts.json", "reference/nativelink-1.6.6-verdicts.json"],
  ["reference/nativelink-1.6.6-errors.md", "reference/nativelink-1.6.6-errors.md"],
  ["reference/nativelink-1.6.6-model.json", "reference/nativelink-1.6.6-model.json"],
  ["reference/nativelink-config-versions.md", "reference/nativelink-config-versions.md"],
  ["reference/schemas", "reference/schemas"],
];
for (const [from, to] of copies) {
  const dest = join(out, to);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(join(shared, from), dest, { recursive: true });
}
writeFileSync(
  join(out, "README.md"),
  `# Test fixtures copied from the project's reference material

Written by \`node scripts/sync-fixtures.mjs\`; do not edit by hand.

- \`corpus/\`: real NativeLink configs. \`corpus/INDEX.json\` gives, for each file, the repository and
  commit it comes from, its licence (Apache-2.0, MIT or FSL-1.1 only), the release it appears written for,
  and the verdict NativeLink v1.6.6's loader gave it. Each file keeps its origin's licence.
- \`reference/nativelink-1.6.6-verdicts.json\`: small configs with the verdict and message of NativeLink
  v1.6.6's own config loader.
- \`reference/nativelink-1.6.6-errors.md\`: the catalog of NativeLink v1.6.6's config-caused errors.
- \`reference/nativelink-1.6.6-model.json\`: the v1.6.6 config model the schema generator reads.
- \`reference/nativelink-config-versions.md\`: breaking config-format changes between releases.
- \`reference/schemas/\`: SARIF 2.1.0, GitHub action metadata and pre-commit hook schemas, from
  SchemaStore (Apache-2.0).
`,
);
console.log(`sync-fixtures: copied into ${out}`);
