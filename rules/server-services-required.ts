// A server entry without `services` loads fine and then stops NativeLink at startup.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { doc, get, items } from "../src/typed.ts";

export default defineRule(
  {
    id: "server-services-required",
    category: "reference",
    severity: "error",
    summary: "every entry in `servers` needs a `services` block",
    why: "`services` is optional to the config parser, so a server without it (or with `services: null`) passes loading; when NativeLink then sets up the servers in order it stops at the first one that has none.",
    fix: "Add the services this listener should serve (for example `services: { health: {} }`), or remove the server entry.",
    nativelink: [{ message: "'services' must be configured", source: "src/bin/nativelink.rs:282-284" }],
    catalog: ["services-missing"],
    examples: {
      bad: { config: '{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } } }] }' },
      good: { config: '{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { health: {} } }] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const serversNode = get(doc(model.root), "servers");
    if (serversNode?.kind !== "array") return;
    for (const server of model.servers) {
      const item = items(serversNode)[server.index];
      if (item?.kind !== "object") continue;
      const services = get(item, "services");
      if (services && services.kind !== "null") continue;
      if (!services && fieldWrittenElsewhere(ctx, item, "services")) continue;
      yield {
        at: services ? services.pointer : server.at,
        node: services ?? item,
        message: services ? `servers[${server.index}] has \`services: null\`; NativeLink needs a services block for every server` : `servers[${server.index}] has no \`services\`; NativeLink needs a services block for every server`,
        nativelink: "'services' must be configured",
        hint: "add a `services` block with what this listener should serve, or remove the server",
      };
    }
  },
);
