// A key NativeLink silently ignores.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "key-ignored",
    category: "schema",
    severity: "warning",
    summary: "a key NativeLink silently ignores",
    why: "Store and scheduler entries, service list entries, a second store kind, extra keys in enum objects, and a few structs (redis_store, client tls_config, experimental_bep, experimental_identity_header, experimental_origin_events) accept unknown keys and drop them: a typo there never fails, it just has no effect.",
    fix: "Fix the key's spelling or move it to where it takes effect; remove it otherwise.",
    nativelink: [],
    catalog: [],
    examples: {
      bad: { config: "{ stores: [{ name: \"S\", memory: {}, eviction_policy: { max_bytes: 1000 } }], servers: [] }" },
      good: { config: "{ stores: [{ name: \"S\", memory: { eviction_policy: { max_bytes: 1000 } } }], servers: [] }" },
    },
  },
  fromDiagnostics("key-ignored"),
);
