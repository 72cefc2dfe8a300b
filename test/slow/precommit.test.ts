// The pre-commit hook, proven with the real pre-commit (Debian's package): `pre-commit try-repo`
// against a throw-away git repository passes a good config and fails a broken one, and a hook
// configured with the README's args reads the env file as the target host's, never as Node's.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { Ajv } from "ajv";

const root = new URL("../..", import.meta.url).pathname;
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

describe.skipIf(!havePrecommit)("the hook run by the real pre-commit", () => {
  it("try-repo: installs without install scripts, passes a good config and fails a broken one", { timeout: 600_000 }, () => {
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
    const env = { ...process.env, PRE_COMMIT_HOME: join(repo, ".cache-pre-commit"), NO_COLOR: "1" };
    const tryRepo = () =>
      spawnSync("pre-commit", ["try-repo", root, "nativelink-preflight", "--all-files", "--verbose"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    const good = tryRepo();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("4 JSON files skipped: not NativeLink configs");
    writeFileSync(join(repo, "deploy/prod.json5"), '{ stores: [{ name: "AC", memroy: {} }], servers: [] }\n');
    git("add", "deploy/prod.json5");
    const bad = tryRepo();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("deploy/prod.json5");
    expect(bad.stdout).toContain('"memroy" is not one; did you mean "memory"?');
  });

  it("with the README's args: the env file is the target's environment, never Node's; a missing one is exit 2", { timeout: 600_000 }, () => {
    // The hook repository as a user's .pre-commit-config.yaml names it: a git repository at a revision.
    const hookRepo = mkdtempSync(join(tmpdir(), "nlp-hook-repo-"));
    const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }))[0].files as { path: string }[];
    for (const f of [...packed.map((p) => p.path), ".pre-commit-hooks.yaml"]) {
      mkdirSync(dirname(join(hookRepo, f)), { recursive: true });
      copyFileSync(join(root, f), join(hookRepo, f));
    }
    const gitIn = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe", encoding: "utf8" });
    for (const cwd of [hookRepo]) {
      gitIn(cwd, "init", "-q");
      gitIn(cwd, "config", "user.email", "test@example.invalid");
      gitIn(cwd, "config", "user.name", "test");
    }
    gitIn(hookRepo, "add", "-A");
    gitIn(hookRepo, "commit", "-qm", "hook");
    const rev = gitIn(hookRepo, "rev-parse", "HEAD").trim();

    const repo = mkdtempSync(join(tmpdir(), "nlp-precommit-args-"));
    gitIn(repo, "init", "-q");
    const marker = join(repo, "MARKER");
    const payload = join(repo, "payload.cjs");
    writeFileSync(payload, `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
    mkdirSync(join(repo, "deploy"));
    writeFileSync(join(repo, "deploy/prod.env"), `NODE_OPTIONS="--require ${payload}"\n`);
    writeFileSync(join(repo, "scheduler.json5"), '{ stores: [{ name: "S", grpc: { instance_name: "main", endpoints: [{ address: "${NODE_OPTIONS}" }], store_type: "cas" } }], servers: [] }\n');
    const config = (envFile: string) =>
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: nativelink-preflight\n        args: [--profile, development, --target-env-file, ${envFile}]\n`;
    const env = { ...process.env, PRE_COMMIT_HOME: join(repo, ".cache-pre-commit"), NO_COLOR: "1" };
    const runHook = (envFile: string) => {
      writeFileSync(join(repo, ".pre-commit-config.yaml"), config(envFile));
      gitIn(repo, "add", "-A");
      return spawnSync("pre-commit", ["run", "--all-files", "--verbose"], { cwd: repo, env, encoding: "utf8", timeout: 600_000 });
    };
    const withEnv = runHook("deploy/prod.env");
    expect(existsSync(marker), "the env file's NODE_OPTIONS ran code").toBe(false);
    expect(withEnv.stdout).toContain(`"--require ${payload}" is not a URI NativeLink can parse`);
    expect(withEnv.status, withEnv.stdout + withEnv.stderr).toBe(1);
    const missing = runHook("deploy/nope.env");
    expect(missing.stdout).toContain(`nativelink-preflight: --target-env-file: cannot read ${join(repo, "deploy/nope.env")}: no such file`);
    expect(missing.stdout).toContain("exit code: 2");
    expect(missing.status).toBe(1);
  });
});
