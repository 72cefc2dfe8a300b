// IP address literals as node:net's isIP, isIPv4 and isIPv6 judge them, without loading node:net
// (which loads node:stream and more: several milliseconds of every start). test/ip-literal.test.ts
// pins every answer to node:net's over a list of cases and random strings.

/** A dotted quad: four decimal numbers 0 to 255, none with a leading zero ("01" is refused). */
export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^[0-9]+$/.test(p)) return false;
    if (p.length > 1 && p[0] === "0") return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
/** What node:net takes after "%" as a zone id: letters, digits, "-", "." and ":". */
const ZONE = /^[0-9a-zA-Z.:-]+$/;

/**
 * Eight groups of one to four hex digits, the last two of which may be a dotted quad; or fewer,
 * at most seven, with one "::" standing for the rest; then, optionally, "%" and a zone id.
 */
export function isIPv6(s: string): boolean {
  const percent = s.indexOf("%");
  if (percent >= 0 && !ZONE.test(s.slice(percent + 1))) return false;
  const address = percent >= 0 ? s.slice(0, percent) : s;
  const gap = address.indexOf("::");
  if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) return false;
  const sides = gap >= 0 ? [address.slice(0, gap), address.slice(gap + 2)] : [address];
  let groups = 0;
  for (let side = 0; side < sides.length; side++) {
    const text = sides[side]!;
    if (text === "") {
      if (gap < 0) return false;
      continue;
    }
    const fields = text.split(":");
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const last = side === sides.length - 1 && i === fields.length - 1;
      if (last && f.includes(".")) {
        if (!isIPv4(f)) return false;
        groups += 2;
      } else if (HEX_GROUP.test(f)) groups += 1;
      else return false;
    }
  }
  return gap >= 0 ? groups <= 7 : groups === 8;
}

/** 4 for an IPv4 literal, 6 for an IPv6 one, 0 for anything else, as node:net's isIP. */
export function isIP(s: string): 0 | 4 | 6 {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}
