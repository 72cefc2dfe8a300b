// The few protobuf messages --connect sends and reads, encoded by hand: a request is one or two
// fields, and of a reply only the top-level field numbers matter.

import { pushAll } from "../arrays.ts";

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

/** A message of string and sub-message fields (the empty string is left out, as proto3 does). */
export function encode(fields: [number, string | Uint8Array][]): Uint8Array {
  const out: number[] = [];
  for (const [n, v] of fields) {
    const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : v;
    if (bytes.length === 0 && typeof v === "string") continue;
    pushAll(out, lengthDelimited(n, bytes));
  }
  return new Uint8Array(out);
}

/** `GetCapabilitiesRequest { instance_name = 1 }`. */
export const getCapabilitiesRequest = (instance: string) => encode([[1, instance]]);

/** `FindMissingBlobsRequest { instance_name = 1 }` with no digests: read-only, and it names the instance. */
export const findMissingBlobsRequest = (instance: string) => encode([[1, instance]]);

/** `GetActionResultRequest { instance_name = 1, action_digest = 2 }` for the empty blob's digest: a lookup, nothing written. */
export const getActionResultRequest = (instance: string) =>
  encode([
    [1, instance],
    [2, encode([[1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]])],
  ]);

/** The field numbers present at the top level of a message (undefined when it does not parse). */
export function topLevelFields(b: Uint8Array): Set<number> | undefined {
  const out = new Set<number>();
  let i = 0;
  const readVarint = (): number | undefined => {
    let n = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (i >= b.length) return undefined;
      const x = b[i++]!;
      n += (x & 0x7f) * mul;
      mul *= 128;
      if ((x & 0x80) === 0) return n;
    }
    return undefined;
  };
  while (i < b.length) {
    const tag = readVarint();
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      if (readVarint() === undefined) return undefined;
    } else if (wire === 2) {
      const len = readVarint();
      if (len === undefined || i + len > b.length) return undefined;
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return undefined;
    out.add(field);
  }
  return out;
}
