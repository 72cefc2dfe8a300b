// The strict DER reader under the TLS facts: each encoding rule DER (and so webpki) enforces, with an
// input that breaks it and one that keeps it; then whole certificates damaged in those ways.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DerError, childrenOf, readBitString, readBoolean, readRoot, readTlv, type Tlv } from "../../src/tls/der.ts";
import { analyzeTlsBytes } from "../../src/tls/facts.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const root = (...b: number[]) => {
  const buf = bytes(...b);
  return { buf, tlv: readTlv(buf, 0) };
};
const derError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DerError);
    return (e as Error).message;
  }
  throw new Error("expected a DerError");
};

describe("element framing", () => {
  const cases: [string, number[], string | undefined][] = [
    ["a short-form length", [0x04, 0x01, 0xaa], undefined],
    ["a long-form length of 128", [0x04, 0x81, 0x80, ...new Array(128).fill(0)], undefined],
    ["a long-form length that fits the short form", [0x04, 0x81, 0x01, 0xaa], "non-minimal length"],
    ["a long-form length with a leading zero octet", [0x04, 0x82, 0x00, 0x80, ...new Array(128).fill(0)], "non-minimal length"],
    ["an indefinite length (BER only)", [0x30, 0x80, 0x00, 0x00], "indefinite length is not DER"],
    ["a value running past the data", [0x04, 0x05, 0xaa], "element runs past its container"],
    ["a high tag number", [0x1f, 0x81, 0x00, 0x00], "high-tag-number form is not supported"],
    ["a missing length", [0x04], "truncated length"],
  ];
  for (const [name, input, error] of cases) {
    it(`${name}: ${error ?? "read"}`, () => {
      if (error) expect(derError(() => readTlv(bytes(...input), 0))).toBe(error);
      else expect(readTlv(bytes(...input), 0).end).toBe(input.length);
    });
  }

  it("one outer element, nothing after it", () => {
    expect(readRoot(bytes(0x30, 0x00)).end).toBe(2);
    expect(derError(() => readRoot(bytes(0x30, 0x00, 0x00)))).toBe("trailing data after the outer element");
  });

  it("a child may not run past its parent", () => {
    const { buf, tlv } = root(0x30, 0x03, 0x04, 0x05, 0xaa, 0xbb, 0xcc, 0xdd);
    expect(derError(() => childrenOf(buf, tlv))).toBe("element runs past its container");
  });
});

describe("BOOLEAN", () => {
  it("0x00 is false and 0xFF is true", () => {
    expect(readBoolean(...Object.values(root(0x01, 0x01, 0x00)) as [Uint8Array, Tlv], "b")).toBe(false);
    expect(readBoolean(...Object.values(root(0x01, 0x01, 0xff)) as [Uint8Array, Tlv], "b")).toBe(true);
  });
  it("any other octet, or another length, is not DER", () => {
    for (const input of [[0x01, 0x01, 0x01], [0x01, 0x01, 0x80], [0x01, 0x02, 0xff, 0xff], [0x01, 0x00]]) {
      const { buf, tlv } = root(...input);
      expect(derError(() => readBoolean(buf, tlv, "b"))).toBe("bad BOOLEAN for b");
    }
  });
});

describe("BIT STRING", () => {
  const read = (input: number[], whole = false) => {
    const { buf, tlv } = root(...input);
    return readBitString(buf, tlv, "bits", whole);
  };
  it("content after the unused-bits octet, padding bits zero", () => {
    expect([...read([0x03, 0x02, 0x00, 0xff])]).toEqual([0xff]);
    expect([...read([0x03, 0x02, 0x05, 0xa0])]).toEqual([0xa0]);
    expect([...read([0x03, 0x01, 0x00])]).toEqual([]);
  });
  it("more than 7 unused bits, unused bits without content, or non-zero padding are not DER", () => {
    expect(derError(() => read([0x03, 0x02, 0x08, 0x00]))).toBe("bad unused-bits count in bits");
    expect(derError(() => read([0x03, 0x01, 0x03]))).toBe("bad unused-bits count in bits");
    expect(derError(() => read([0x03, 0x02, 0x05, 0xa1]))).toBe("non-zero padding bits in bits");
    expect(derError(() => read([0x03, 0x00]))).toBe("empty bits");
  });
  it("a signature must be a whole number of octets", () => {
    expect([...read([0x03, 0x02, 0x00, 0x01], true)]).toEqual([0x01]);
    expect(derError(() => read([0x03, 0x02, 0x01, 0x02], true))).toBe("bits must be a whole number of octets");
  });
});

describe("whole certificates damaged in those ways", () => {
  // A public CA certificate from test/fixtures/public-pki: basicConstraints critical, cA TRUE.
  const pem = readFileSync(new URL("../fixtures/public-pki/root-ca.pem", import.meta.url), "utf8");
  const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
  const asPem = (d: Uint8Array) => new TextEncoder().encode(`-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString("base64").replace(/(.{64})/g, "$1\n").trim()}\n-----END CERTIFICATE-----\n`);
  const problem = (d: Uint8Array) => {
    const f = analyzeTlsBytes(asPem(d));
    return f.certErrors[0]?.error;
  };

  /** Offset of the basicConstraints extension's BOOLEANs: [critical flag, cA]. */
  function basicConstraintsBooleans(): [number, number] {
    const hex = Buffer.from(der).toString("hex");
    // OID 2.5.29.19, then BOOLEAN critical, then OCTET STRING { SEQUENCE { BOOLEAN cA } }
    const at = hex.indexOf("0603551d13") / 2;
    expect(at).toBeGreaterThan(0);
    const critical = at + 5;
    expect([...der.subarray(critical, critical + 3)]).toEqual([0x01, 0x01, 0xff]);
    const ca = critical + 3 + 2 + 2;
    expect([...der.subarray(ca, ca + 3)]).toEqual([0x01, 0x01, 0xff]);
    return [critical + 2, ca + 2];
  }

  it("the undamaged certificate reads", () => {
    expect(problem(der)).toBeUndefined();
    expect(analyzeTlsBytes(asPem(der)).certs[0]?.isCA).toBe(true);
  });

  it("a critical flag or cA encoded as 0x01 instead of 0xFF", () => {
    for (const [i, what] of basicConstraintsBooleans().map((o, k) => [o, k === 0 ? "extension critical flag" : "basicConstraints cA"] as const)) {
      const d = der.slice();
      d[i] = 0x01;
      expect(problem(d)).toContain(`bad BOOLEAN for ${what}`);
    }
  });

  it("a signature BIT STRING that claims unused bits", () => {
    const top = readRoot(der);
    const sig = childrenOf(der, top)[2]!;
    const d = der.slice();
    expect(d[sig.valueStart]).toBe(0);
    d[sig.valueStart] = 1;
    expect(problem(d)).toContain("signatureValue must be a whole number of octets");
  });
});
