// The pre-commit hook, proven with the real pre-commit (Debian's package): `pre-commit try-repo`
// against a throw-away git repository passes a good config and fails a broken one.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { Ajv } from "ajv";

const root = new URL("..", import.meta.url).pathname;
const hooks = parseYaml(readFileSync(join(root, ".pre-commit-hooks.yaml"), "utf8"));
const schemaPath = join(root, "test/fixtures/reference/schemas/pre-commit-hooks.json");

describe(".pre-commit-hooks.yaml", () => {
  it.skipIf(!existsSync(schemaPath))("validates against the pre-commit hooks schema (test/fixtures/reference/schemas)", () => {
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    expect(validate(hooks), JSON.stringify(validate.errors)).toBe(true);
  });

  it("declares the nativelink-preflight hook for json5 and json files", () => {
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: "nativelink-preflight", entry: "nativelink-preflight", language: "node", types_or: ["json5", "json"] });
  });

  it("its default files pattern picks NativeLink configs and leaves other JSON alone", () => {
    // pre-commit uses Python's re.search; these patterns use no syntax JS reads differently.
    const files = new RegExp(hooks[0].files.replace(/^\(\?i\)/, ""), "i");
    const exclude = new RegExp(hooks[0].exclude);
    const picks = (p: string) => files.test(p) && !exclude.test(p);
    for (const p of ["nativelink.json5", "deploy/scheduler.json5", "k8s/worker-gpu.json", "basic_cas.json5", "nativelink-config/examples/x.json5", "deploy/NativeLink/prod.json5"]) expect(picks(p), p).toBe(true);
    for (const p of ["package.json", "tsconfig.json", "src/data.json", "renovate.json5", ".vscode/settings.json"]) expect(picks(p), p).toBe(false);
  });
});

const havePrecommit = spawnSync("pre-commit", ["--version"]).status === 0;
if (!havePrecommit) console.warn("SKIPPED: the pre-commit integration test needs Debian's pre-commit (apt-get install pre-commit); .ci/run installs it");

describe.skipIf(!havePrecommit)("pre-commit try-repo (real pre-commit)", () => {
  it("installs with a usable code cache, passes a good config and fails a broken one", { timeout: 600_000 }, () => {
    const repo = mkdtempSync(join(tmpdir(), "nlp-precommit-"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    git("config", "user.email", "test@example.invalid");
    git("config", "user.name", "test");
    writeFileSync(join(repo, "scheduler.json5"), '{ stores: [{ name: "CAS", memory: {} }], servers: [] }\n');
    git("add", "scheduler.json5");
    // NATIVELINK_PREFLIGHT_DEBUG makes the launcher say whether the install recorded a usable code cache.
    const env = { ...process.env, PRE_COMMIT_HOME: join(repo, ".cache-pre-commit"), NO_COLOR: "1", NATIVELINK_PREFLIGHT_DEBUG: "1" };
    const tryRepo = () =>
      spawnSync("pre-commit", ["try-repo", root, "nativelink-preflight", "--all-files", "--verbose"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    const good = tryRepo();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("nativelink-preflight: code cache accepted");
    writeFileSync(join(repo, "scheduler.json5"), '{ stores: [{ name: "CAS", memroy: {} }], servers: [] }\n');
    git("add", "scheduler.json5");
    const bad = tryRepo();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('"memroy" is not one; did you mean "memory"?');
  });
});
