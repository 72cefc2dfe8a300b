// The pre-commit hook, proven with the real pre-commit (Debian's package): `pre-commit try-repo`
// against a throw-away git repository passes a good config and fails a broken one.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("declares the nativelink-preflight hook for every json5 and json file, sniffed by the tool", () => {
    expect(hooks).toHaveLength(1);
    // The flag is part of `entry`, so a user's `args:` cannot drop it; no name pattern: the tool decides.
    expect(hooks[0]).toMatchObject({ id: "nativelink-preflight", entry: "nativelink-preflight --skip-non-configs", language: "node", types_or: ["json5", "json"] });
    expect(hooks[0].files).toBeUndefined();
    expect(hooks[0].exclude).toBeUndefined();
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
    // A NativeLink config whose name says nothing, and JSON files that are not configs at all (some
    // with names the old name pattern would have taken for configs).
    mkdirSync(join(repo, "deploy"));
    writeFileSync(join(repo, "deploy/prod.json5"), '{ stores: [{ name: "AC", memory: {} }], servers: [] }\n');
    writeFileSync(join(repo, "package.json"), '{ "name": "x", "version": "1.0.0" }\n');
    writeFileSync(join(repo, "forecast.json"), '{ "days": [1, 2] }\n');
    writeFileSync(join(repo, "showcase.json5"), "{ title: 'demo', }\n");
    writeFileSync(join(repo, "homeworker-settings.json"), '{ "theme": "dark" }\n');
    git("add", ".");
    // NATIVELINK_PREFLIGHT_DEBUG makes the launcher say whether the install recorded a usable code cache.
    const env = { ...process.env, PRE_COMMIT_HOME: join(repo, ".cache-pre-commit"), NO_COLOR: "1", NATIVELINK_PREFLIGHT_DEBUG: "1" };
    const tryRepo = () =>
      spawnSync("pre-commit", ["try-repo", root, "nativelink-preflight", "--all-files", "--verbose"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    const good = tryRepo();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("nativelink-preflight: code cache accepted");
    expect(good.stdout).toContain("4 JSON files skipped: not NativeLink configs");
    writeFileSync(join(repo, "deploy/prod.json5"), '{ stores: [{ name: "AC", memroy: {} }], servers: [] }\n');
    git("add", "deploy/prod.json5");
    const bad = tryRepo();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("deploy/prod.json5");
    expect(bad.stdout).toContain('"memroy" is not one; did you mean "memory"?');
  });
});
