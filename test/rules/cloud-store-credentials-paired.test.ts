import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "cloud-store-credentials-paired";
const C = (fields: string) => `{ stores: [{ name: "CAS", experimental_cloud_object_store: { ${fields} } }], servers: [] }`;

describe(RULE, () => {
  it("reports one half of the key pair, on r2 and oci", async () => {
    expect(lines(await lint(C('provider: "r2", account_id: "a", bucket: "b", access_key_id: "AKIA-SECRET"')), RULE)).toEqual([
      '1:27 r2 store "CAS" sets access_key_id without secret_access_key; NativeLink ignores it and uses the default AWS credential chain',
    ]);
    expect(lines(await lint(C('provider: "oci", namespace: "n", region: "r", bucket: "b", secret_access_key: "s", access_key_id: null')), RULE)).toEqual([
      '1:27 oci store "CAS" sets secret_access_key without access_key_id; NativeLink ignores it and uses the default AWS credential chain',
    ]);
  });

  it("passes both, neither, and other providers", async () => {
    expect(lines(await lint(C('provider: "r2", account_id: "a", bucket: "b", access_key_id: "", secret_access_key: ""')), RULE)).toEqual([]);
    expect(lines(await lint(C('provider: "r2", account_id: "a", bucket: "b"')), RULE)).toEqual([]);
    expect(lines(await lint(C('provider: "aws", region: "us-east-1", bucket: "b"')), RULE)).toEqual([]);
  });

  it("never prints the key and relates the field that is set", async () => {
    const f = (await lint(C('provider: "r2", account_id: "a", bucket: "b", access_key_id: "AKIA-SECRET"'))).find((x) => x.ruleId === RULE);
    expect(JSON.stringify(f)).not.toContain("AKIA-SECRET");
    expect(f?.related?.[0]?.pointer).toBe("/stores/0/experimental_cloud_object_store/access_key_id");
    expect(f?.severity).toBe("warning");
  });
});
