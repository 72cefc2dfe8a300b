// Runs the engine on config text with a controlled environment, for tests.
import { checkText } from "../../src/engine.ts";
import { RULES } from "../../rules/index.ts";
import type { Finding } from "../../src/types.ts";
import type { Profile } from "../../src/context.ts";

export interface LintOpts {
  env?: Record<string, string>;
  profile?: Profile;
  now?: Date;
  cwd?: string;
  lenientEnv?: boolean;
  file?: string;
  only?: string;
  encoding?: "utf8" | "latin1";
}

export async function lint(text: string, o: LintOpts = {}): Promise<Finding[]> {
  const env = o.env ?? {};
  const rules = o.only ? RULES.filter((r) => r.meta.id === o.only) : RULES;
  return checkText(o.encoding === "latin1" ? Buffer.from(text, "latin1") : text, o.file ?? "config.json5", {
    env: { get: (k) => env[k] },
    rules,
    profile: o.profile ?? "production",
    now: o.now ?? new Date("2026-11-22T00:00:00Z"),
    expiryWarnDays: 30,
    lenientEnv: o.lenientEnv ?? false,
    cwd: o.cwd ?? "/",
  });
}

/** `line:col message` lines, the shape rule tests assert on. */
export function lines(findings: Finding[], ruleId?: string): string[] {
  return findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.line}:${f.column} ${f.message}`);
}
