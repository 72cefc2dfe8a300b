import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { mongoConnectionStringError } from "../../src/facts/stores.ts";

const RULE = "mongo-connection-string-valid";
const M = (cs: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: ${JSON.stringify(cs)} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["an empty string", M(""), ['1:68 mongo store "CAS" has an empty connection_string']],
    ["mongodb+srv, with credentials redacted", M("mongodb+srv://u:pw@c.example.net/db"), ['1:68 mongo store "CAS" connection_string "mongodb+srv://u:<redacted>@c.example.net/db" does not parse: mongodb+srv connection strings cannot be used when the \'dns-resolver\' feature is disabled']],
    ["an unencoded @ in the password", M("mongodb://u:p@ss@h"), ['1:68 mongo store "CAS" connection_string "mongodb://u:<redacted>@h" does not parse: password must be URL encoded']],
    ["port 0 (options that hold no credential are shown)", M("mongodb://h:0/db?authSource=x"), ['1:68 mongo store "CAS" connection_string "mongodb://h:0/db?authSource=x" does not parse: invalid server address h:0: the port must be an integer between 1 and 65535, got 0']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("reports a string that expands to nothing", async () => {
    expect(lines(await lint(M("${MONGO_URL}"), { env: { MONGO_URL: "" } }), RULE)).toEqual(['1:68 mongo store "CAS" has an empty connection_string (after expanding $MONGO_URL)']);
  });

  const valid: [string, string, Record<string, string>?][] = [
    ["hosts, database and options", M("mongodb://u:p%40ss@mongo-0:27017,mongo-1:27017/nativelink?replicaSet=rs0")],
    ["an IPv6 host", M("mongodb://[::1]:27017")],
    ["a unix socket", M("mongodb://%2Ftmp%2Fmongodb-27017.sock")],
    ["an undefined variable (env-defined reports it)", M("${MONGO_URL}")],
    ["a variable that expands to a valid string", M("${MONGO_URL}"), { MONGO_URL: "mongodb://m:27017" }],
  ];
  for (const [name, config, env] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config, { env }), RULE)).toEqual([]);
    });
  }

  const strings: [string, string | undefined][] = [
    ["h:27017", "connection string contains no scheme"],
    ["mongo://h", "unsupported connection string scheme: mongo"],
    ["mongodb://u%zz@h", "username cannot contain unescaped %"],
    ["mongodb://u:a%ffb@h", "password must be URL encoded"],
    ["mongodb://:27017", "invalid server address :27017: the hostname cannot be empty"],
    ["mongodb://a,", "invalid server address : the hostname cannot be empty"],
    ["mongodb://h:+27017", undefined],
    ["mongodb://h:65536", "invalid server address h:65536: the port must be an integer between 1 and 65535, got 65536"],
    ["mongodb://[::1", "invalid server address [::1: missing closing ']' in IP literal hostname"],
    ["mongodb://[::1]x", "invalid server address [::1]x: the hostname can only be followed by a port prefixed with ':', got x"],
    ["mongodb://[fe80::1%eth0]", "invalid server address [fe80::1%eth0]: invalid IPv6 address syntax"],
    ["mongodb://h/my db", "illegal character in database name:  "],
    ["mongodb://h/db%ff", "database name must be URL encoded"],
    ["mongodb://h/", undefined],
  ];
  for (const [s, want] of strings) {
    it(`parses ${s} like the driver`, () => expect(mongoConnectionStringError(s)).toBe(want));
  }

  it("carries the driver's error as NativeLink prints it", async () => {
    const f = (await lint(M("mongodb+srv://c.example.net"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe(
      "Failed to parse MongoDB connection string: Kind: An invalid argument was provided: mongodb+srv connection strings cannot be used when the 'dns-resolver' feature is disabled, labels: {}, source: None",
    );
    expect(f?.pointer).toBe("/stores/0/experimental_mongo/connection_string");
  });
});
