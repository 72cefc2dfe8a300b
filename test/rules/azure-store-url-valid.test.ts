import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { rustUrlError } from "../../src/facts/stores.ts";

const RULE = "azure-store-url-valid";
const A = (fields: string) => `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "azure", container: "cas", ${fields} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["an endpoint without a scheme", A('account_name: "a", endpoint: "a.blob.core.windows.net"'), ['1:128 azure store "CAS" endpoint "a.blob.core.windows.net" is not a URL: relative URL without a base']],
    ["an empty sas_url", A('account_name: "a", sas_url: ""'), ['1:127 azure store "CAS" sas_url "" is not a URL: relative URL without a base']],
    ["a sas_url with a bad host, the token redacted", A('account_name: "a", sas_url: "https://a b.blob.core.windows.net/cas?sig=SECRET"'), ['1:127 azure store "CAS" sas_url "https://a b.blob.core.windows.net/cas?sig=<redacted>" is not a URL: invalid international domain name']],
    ["an account name that breaks the derived host", A('account_name: "my account"'), ['1:113 azure store "CAS" account_name makes the endpoint "https://my account.blob.core.windows.net", which is not a URL: invalid international domain name']],
    ["an endpoint that cannot be a base", A('account_name: "a", endpoint: "mailto:x"'), ['1:128 azure store "CAS" endpoint "mailto:x" cannot take the container as a path segment; it needs a scheme followed by //host']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a SAS container URL", A('account_name: "a", sas_url: "https://a.blob.core.windows.net/cas?sv=2024&sig=abc"')],
    ["an Azurite endpoint", A('account_name: "a", endpoint: "http://127.0.0.1:10000/devstoreaccount1"')],
    ["the default endpoint from account_name", A('account_name: "buildcache"')],
    ["sas_url wins over a bad endpoint", A('account_name: "a", sas_url: "https://a.blob.core.windows.net/cas", endpoint: "nope"')],
    ["null sas_url and endpoint", A('account_name: "a", endpoint: null, sas_url: null')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  const errors: [string, string][] = [
    ["", "relative URL without a base"],
    ["https://", "empty host"],
    ["https://h:99999", "invalid port number"],
    ["https://[::1", "invalid IPv6 address"],
    ["https://999.1", "invalid IPv4 address"],
    ["https://a%20b", "invalid international domain name"],
    ["foo://a b", "invalid domain character"],
  ];
  for (const [input, want] of errors) {
    it(`names the url crate's error for ${JSON.stringify(input)}`, () => expect(rustUrlError(input)).toBe(want));
  }

  it("carries NativeLink's message without the SAS token", async () => {
    const f = (await lint(A('account_name: "a", sas_url: "https://a b.net/c?sig=TOPSECRET"'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Invalid Azure sas_url: invalid international domain name");
    expect(f?.pointer).toBe("/stores/0/experimental_cloud_object_store/sas_url");
    expect(JSON.stringify(f)).not.toContain("TOPSECRET");
  });
});
