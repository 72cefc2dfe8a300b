// A config that holds secrets must not be readable by group or others.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { extraReaders, inlineSecrets, octalMode, regularFileMode } from "../src/facts/security.ts";

const GRPC = (token: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cache.example.com:443", tls_config: { use_native_roots: true } }], store_type: "cas", headers: { authorization: "Bearer ${token}" } } }], servers: [] }`;

export default defineRule(
  {
    id: "config-permissions",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "a config file that holds secrets should not be readable by group or others",
    why: "The NativeLink security guide protects configuration files like private keys: mode 600, owned by the NativeLink user. It matters when the file holds a credential: a password in a Redis or Mongo URL, a SAS URL, or a grpc store `headers` token, which NativeLink never ${VAR}-expands and so can only live in the file. Only then is this reported, so a config without secrets (the usual case in a repository, where checkouts are 0644) stays quiet. The mode is the config file's own (not a symlink's); configs read from stdin are not judged.",
    fix: "chmod 600 the config and chown it to the user NativeLink runs as; better, move the secrets to ${VAR}s (see secret-inline).",
    examples: {
      bad: { config: GRPC("0123456789abcdef0123456789abcdef"), configMode: 0o100644 },
      good: { config: GRPC("0123456789abcdef0123456789abcdef"), configMode: 0o100600 },
    },
  },
  function* (ctx): Iterable<Report> {
    const perm = regularFileMode(ctx.load.mode);
    if (perm === undefined) return;
    const readers = extraReaders(perm);
    if (!readers) return;
    const secrets = inlineSecrets(ctx);
    const first = secrets[0];
    if (!first) return;
    const owner = ctx.options.runAs ? `${ctx.options.runAs}:${ctx.options.runAs}` : "nativelink:nativelink";
    yield {
      at: "",
      node: ctx.load.root,
      severity: postureSeverity(ctx, "should"),
      message: `the config file is mode ${octalMode(perm)}, readable by ${readers}, and holds ${secrets.length === 1 ? "an inline secret" : `${secrets.length} inline secrets`} (first at line ${first.node.span.line})`,
      hint: `chmod 600 ${shellQuote(ctx.load.path || ctx.load.file)} && chown ${owner} ${shellQuote(ctx.load.path || ctx.load.file)}`,
      related: secrets.map((s) => ({ at: s.at, node: s.node, message: "inline secret" })),
    };
  },
);

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
