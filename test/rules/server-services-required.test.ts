import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "server-services-required";
const L = (port: number) => `listener: { http: { socket_address: "0.0.0.0:${port}" } }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a server without services", `{ stores: [], servers: [{ ${L(1)} }] }`, ["1:25 servers[0] has no `services`; NativeLink needs a services block for every server"]],
    [
      "services: null",
      `{ stores: [], servers: [{ ${L(1)}, services: { health: {} } }, { ${L(2)}, services: null }] }`,
      ["1:173 servers[1] has `services: null`; NativeLink needs a services block for every server"],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes any services block, even an empty one", async () => {
    expect(lines(await lint(`{ stores: [], servers: [{ ${L(1)}, services: {} }, { ${L(2)}, services: { health: {} } }] }`), RULE)).toEqual([]);
  });

  it("leaves a services block of the wrong type to the schema rules", async () => {
    expect(lines(await lint(`{ stores: [], servers: [{ ${L(1)}, services: [] }] }`), RULE)).toEqual([]);
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint(`{ stores: [], servers: [{ ${L(1)}, services: null }] }`)).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("'services' must be configured");
    expect(f?.pointer).toBe("/servers/0/services");
  });
});
