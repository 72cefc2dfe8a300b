// A private key the config names must not be tracked by git.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";

const FILES = { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey" };
const CONFIG =
  '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }';

export default defineRule(
  {
    id: "private-key-git-tracked",
    category: "security",
    severity: "error",
    guide: true,
    summary: "a private key file the config names must not be tracked by git",
    why: "The NativeLink guides say never to commit private keys to version control. A key in a repository is copied to every clone, fork, CI cache and backup, and stays in the history after it is deleted, so it has to be treated as leaked. This runs where the check runs (for example as a pre-commit hook): each key_file of a server tls block or an endpoint tls_config is looked up in the index of the git repository that contains it, so a key that is only staged counts too.",
    fix: "git rm --cached the key, add its path (or *.key.pem, *.key) to .gitignore, and replace the key and its certificate: the committed one is in the history for good.",
    examples: {
      bad: { config: CONFIG, files: FILES, host: { gitTracked: ["certs/server-key.pem"] } },
      good: { config: CONFIG, files: FILES, host: { gitTracked: ["certs/server.pem"] } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    const tracked = ctx.host?.gitTracked;
    if (!model || !tracked || tracked.size === 0) return;
    for (const ref of model.tlsFiles) {
      if (ref.role !== "server-key" && ref.role !== "client-key") continue;
      if (ref.str.unknown || ref.str.value === "") continue;
      const path = model.resolvePath(ref.str.value);
      if (!tracked.has(path)) continue;
      yield {
        node: ref.str.node,
        severity: postureSeverity(ctx, "fatal"),
        message: `key_file ${JSON.stringify(ref.str.value)} is a private key tracked by git`,
        hint: `git rm --cached -- ${shellQuote(path)}, add it to .gitignore, and issue a new key and certificate: the committed key stays in the repository's history`,
      };
    }
  },
);

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
