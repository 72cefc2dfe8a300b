// The strict DER reader under the TLS facts: each encoding rule DER (and so webpki) enforces, with an
// input that breaks it and one that keeps it; then whole certificates damaged in those ways.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DerError, OID_ARC_MAX_OCTETS, TAG, childrenOf, daysInMonth, oidToString, readBitString, readBoolean, readRoot, readTime, readTlv, type Tlv } from "../../src/tls/der.ts";
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

describe("UTCTime and GeneralizedTime, checked as webpki's der::time_choice does", () => {
  const time = (tag: number, text: string) => {
    const body = [...new TextEncoder().encode(text)];
    const buf = bytes(tag, body.length, ...body);
    return () => readTime(buf, readTlv(buf, 0));
  };
  const utc = (t: string) => time(TAG.UTC_TIME, t);
  const gen = (t: string) => time(TAG.GENERALIZED_TIME, t);

  it.each([
    ["270101000000Z", "2027-01-01T00:00:00.000Z"],
    ["491231235959Z", "2049-12-31T23:59:59.000Z"],
    ["240229120000Z", "2024-02-29T12:00:00.000Z"], // leap year
    ["700101000000Z", "1970-01-01T00:00:00.000Z"],
    ["270430000000Z", "2027-04-30T00:00:00.000Z"],
  ])("UTCTime %s reads as %s", (text, iso) => {
    expect(utc(text)().toISOString()).toBe(iso);
  });

  it.each([
    ["20000229000000Z", "2000-02-29T00:00:00.000Z"], // divisible by 400: leap
    ["20991231235959Z", "2099-12-31T23:59:59.000Z"],
    ["99991231235959Z", "9999-12-31T23:59:59.000Z"], // RFC 5280's "no well-defined expiration"
  ])("GeneralizedTime %s reads as %s", (text, iso) => {
    expect(gen(text)().toISOString()).toBe(iso);
  });

  it.each([
    ["271301000000Z", "month 13"],
    ["270001000000Z", "month 0"],
    ["270100000000Z", "day 0"],
    ["270230000000Z", "day 30 of month 2"],
    ["270229000000Z", "day 29 of month 2 in 2027"], // not a leap year
    ["270431000000Z", "day 31 of month 4"],
    ["270132000000Z", "day 32 of month 1"],
    ["270101240000Z", "hour 24"],
    ["270101006000Z", "minute 60"],
    ["270101000060Z", "second 60"], // webpki has no leap second
  ])("UTCTime %s is refused (%s)", (text, why) => {
    expect(derError(utc(text))).toContain(why);
  });

  it.each([
    ["21000229000000Z", "day 29 of month 2 in 2100"], // divisible by 100, not 400: not leap
    ["20271301000000Z", "month 13"],
    ["19691231235959Z", "before 1970"], // webpki counts from the Unix epoch
    ["20270101000000+0000", "bad GeneralizedTime"],
  ])("GeneralizedTime %s is refused (%s)", (text, why) => {
    expect(derError(gen(text))).toContain(why);
  });

  it("a UTCTime year 50-99 is 19xx, so 50 to 69 fall before 1970 and are refused", () => {
    expect(derError(utc("690101000000Z"))).toContain("before 1970");
    expect(utc("991231235959Z")().toISOString()).toBe("1999-12-31T23:59:59.000Z");
  });

  it("counts the days of every month as the calendar does", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect([1900, 2000, 2024, 2100].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 29, 28]);
  });
});

describe("OID arcs", () => {
  it("writes ordinary OIDs in dotted form, UUID arcs included", () => {
    expect(oidToString(bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01))).toBe("1.2.840.113549.1.1.1");
    expect(oidToString(bytes(0x55, 0x1d, 0x13))).toBe("2.5.29.19");
    // 2.25.<128-bit UUID> needs 19 octets for the arc
    const uuid = [0x83, ...new Array(17).fill(0xff), 0x7f];
    expect(oidToString(bytes(0x69, ...uuid))).toBe(`2.25.${((1n << 128n) - 1n).toString()}`);
  });

  it("does not turn a 150 KB arc into digits (that costs the square of its length), and says how long it is", () => {
    // Before: about 3 s for this arc, and 4x that for twice its length.
    const n = 150_000;
    const oid = new Uint8Array(n).fill(0x81);
    oid[0] = 0x2a;
    oid[n - 1] = 0x01;
    expect(oidToString(oid)).toBe(`1.2.(${n - 1}-octet arc)`);
    const first = new Uint8Array(n).fill(0x81);
    first[n - 1] = 0x01;
    expect(oidToString(first)).toBe(`2.(${n}-octet arc)`);
    expect(OID_ARC_MAX_OCTETS).toBeLessThan(32);
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

  it("a notAfter on February 30 (which Date.UTC would roll over into March 2)", () => {
    const tbs = childrenOf(der, childrenOf(der, readRoot(der))[0]!);
    const validity = tbs.find((t, i) => i > 0 && t.tag === 0x30 && childrenOf(der, t).every((c) => c.tag === TAG.UTC_TIME || c.tag === TAG.GENERALIZED_TIME))!;
    const notAfter = childrenOf(der, validity)[1]!;
    const d = der.slice();
    const yearDigits = notAfter.tag === TAG.UTC_TIME ? 2 : 4;
    d.set(new TextEncoder().encode("0230"), notAfter.valueStart + yearDigits);
    expect(problem(d)).toContain("bad time: day 30 of month 2");
    expect(analyzeTlsBytes(asPem(d)).certErrors[0]?.rustls).toBe("invalid peer certificate: BadEncoding");
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
