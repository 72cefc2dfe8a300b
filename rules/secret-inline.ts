// Credentials must not be written into the config; they belong in the environment or a secret store.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { InlineSecret } from "../src/facts/security.ts";
import { inlineSecrets } from "../src/facts/security.ts";

const redis = (address: string) => `{ stores: [{ name: "CACHE", redis_store: { addresses: ["${address}"] } }], servers: [] }`;

function message(s: InlineSecret): string {
  switch (s.kind) {
    case "url-password":
    case "url-query":
      return `${s.what} is ${s.viaDefault ? "the default of a variable reference" : "written inline"}`;
    default:
      return s.what;
  }
}

function hint(s: InlineSecret): string {
  const rotate = "; treat the value as leaked and rotate it if the file was ever shared or committed";
  if (!s.expandable) {
    return `NativeLink does not expand \${VAR} in this field, so the value has to stay in the file: keep the config out of version control, readable only by NativeLink (chmod 600), and render it from a secret store at deploy time${rotate}`;
  }
  if (s.envName) return `use { from_environment: null } to pass the worker's own ${s.envName}, or { value: "\${${s.suggestVar}}" }, and set it from your secret store${rotate}`;
  const ref = `\${${s.suggestVar}}`;
  const how =
    s.kind === "url-password"
      ? `replace the password with ${ref} (e.g. "${s.scheme ?? "redis"}://user:${ref}@host")`
      : s.kind === "url-query"
        ? `move the whole URL into a variable and write "${ref}"`
        : `write "${ref}"`;
  const dflt = s.viaDefault ? " without a literal default (${NAME:-...} keeps the secret in the file)" : "";
  return `${how}${dflt} and set ${s.suggestVar} in NativeLink's environment from your secret store${rotate}`;
}

export default defineRule(
  {
    id: "secret-inline",
    category: "security",
    severity: "error",
    guide: true,
    summary: "credentials must not be written into the config (passwords in URLs, SAS signatures, keys, tokens)",
    why: "The NativeLink security guide says never to commit secrets to version control and to take credentials from environment variables or a secret store, using NativeLink's ${VAR} expansion. A config is copied, reviewed, pasted into tickets and committed; a credential written in it travels along. Reported: a password in a URL's userinfo (redis addresses, mongo connection_string, any scheme://), credential query parameters (Azure sas_url sig=, presigned signatures, password=/token=), fields, headers and worker variables named for secrets (password, secret, token, credential, api key, authorization) holding literal text, values shaped like AWS access key ids, PEM private keys, GitHub, Google or Slack tokens, and secrets hidden in a ${VAR:-default}. Messages never show the value.",
    fix: "Replace the value with a ${VAR} reference (NativeLink expands it at startup) and set the variable from your secret store; rotate the credential if the file was ever shared. For fields NativeLink does not expand (grpc headers), keep the file private and render it at deploy time.",
    examples: {
      bad: { config: redis("redis://nativelink:hunter2@cache.internal:6379/0") },
      good: { config: redis("redis://nativelink:${REDIS_PASSWORD}@cache.internal:6379/0"), env: { REDIS_PASSWORD: "from-the-secret-store" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of inlineSecrets(ctx)) {
      yield { at: s.at, node: s.node, severity: postureSeverity(ctx, "fatal"), message: message(s), hint: hint(s) };
    }
  },
);
