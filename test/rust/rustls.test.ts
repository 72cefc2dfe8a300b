// rustls 0.23.34's texts for refused certificates, with the cases of rustls' own tests
// (rustls/tests/api.rs client_check_server_valid_purpose, connect-tests/tests/badssl.rs).
import { describe, expect, test } from "vitest";
import { expiredContext, extendedKeyPurpose, invalidPurposeContext, notValidForNameContext, notValidYetContext } from "../../src/rust/rustls.ts";

describe("rustls' certificate errors", () => {
  test("InvalidPurposeContext (api.rs: a client certificate offered as a server's)", () => {
    expect(invalidPurposeContext("1.3.6.1.5.5.7.3.1", ["1.3.6.1.5.5.7.3.2"])).toBe(
      "invalid peer certificate: certificate does not allow extended key usage for server authentication, allows client authentication",
    );
  });

  test("ExtendedKeyPurpose: other purposes print their OID's arcs", () => {
    expect(extendedKeyPurpose("1.3.6.1.5.5.7.3.3")).toBe("1, 3, 6, 1, 5, 5, 7, 3, 3");
    expect(invalidPurposeContext("1.3.6.1.5.5.7.3.2", ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.3"])).toBe(
      "invalid peer certificate: certificate does not allow extended key usage for client authentication, allows server authentication, 1, 3, 6, 1, 5, 5, 7, 3, 3",
    );
  });

  test("NotValidForNameContext (badssl.rs wrong_host)", () => {
    expect(notValidForNameContext("wrong.host.badssl.com", ['DnsName("*.badssl.com")', 'DnsName("badssl.com")'])).toBe(
      'invalid peer certificate: certificate not valid for name "wrong.host.badssl.com"; certificate is only valid for DnsName("*.badssl.com") or DnsName("badssl.com")',
    );
    expect(notValidForNameContext("a", [])).toBe(
      'invalid peer certificate: certificate not valid for name "a"; certificate is not valid for any names (according to its subjectAltName extension)',
    );
    expect(notValidForNameContext("a", ["x", "y", "z"])).toBe('invalid peer certificate: certificate not valid for name "a"; certificate is only valid for x, y or z');
  });

  test("ExpiredContext and NotValidYetContext (badssl.rs expired): whole seconds, never negative", () => {
    const t = new Date("2026-01-01T00:00:10.900Z");
    expect(expiredContext(t, new Date("2026-01-01T00:00:00Z"))).toBe(
      "invalid peer certificate: certificate expired: verification time 1767225610 (UNIX), but certificate is not valid after 1767225600 (10 seconds ago)",
    );
    expect(notValidYetContext(t, new Date("2026-01-01T00:01:00Z"))).toBe(
      "invalid peer certificate: certificate not valid yet: verification time 1767225610 (UNIX), but certificate is not valid before 1767225660 (50 seconds in future)",
    );
  });
});

test("src/rust imports nothing of the project but its own modules", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const dir = new URL("../../src/rust/", import.meta.url);
  for (const f of readdirSync(dir)) {
    const text = readFileSync(new URL(f, dir), "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm)) expect(m[1]!.startsWith("./") || m[1]!.startsWith("node:"), `${f}: ${m[1]}`).toBe(true);
  }
});
