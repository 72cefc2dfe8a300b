import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RUST_BUF_SIZE,
  RUST_NOT_UTF8,
  TONIC_CERT_PARSE_ERROR,
  TONIC_KEY_PARSE_ERROR,
  nativelinkReadCerts,
  nativelinkReadCrls,
  nativelinkReadKey,
  rustlsBase64Decode,
  scanPem,
  tonicReadCerts,
  tonicReadKey,
} from "../../src/tls/pem.ts";

const FAKE_KEY_LABEL = ["PRIVATE", "KEY"].join(" ");
import { makePki, type Pki } from "../helpers/pki.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const ascii = (s: string) => `[${Array.from(enc(s)).join(", ")}]`;
const block = (label: string, body = "AAEC") => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

let dir: string;
let pki: Pki;
const read = (p: string) => new Uint8Array(readFileSync(p));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nlpf-pem-"));
  pki = await makePki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("rustlsBase64Decode (rustls-pki-types src/base64.rs)", () => {
  it.each([
    ["AAEC", [0, 1, 2]],
    ["AAE=", [0, 1]],
    ["AA==", [0]],
    ["AAE", [0, 1]],
    ["AA", [0]],
    ["", []],
    ["A A\tE\r\nC", [0, 1, 2]],
    ["AAECAwQF", [0, 1, 2, 3, 4, 5]],
    ["AAECAwQFBg==", [0, 1, 2, 3, 4, 5, 6]],
  ])("decodes %j", (input, bytes) => {
    const r = rustlsBase64Decode(enc(input));
    expect(r).toEqual({ ok: true, bytes: new Uint8Array(bytes) });
  });

  it.each([
    ["AA!C", "InvalidCharacter(33)"],
    ["AA-C", "InvalidCharacter(45)"],
    ["AA==AAAA", "PrematurePadding"],
    ["AAAAAA==A", "PrematurePadding"],
    ["A", "InvalidTrailingPadding"],
    ["AA=A", "InvalidTrailingPadding"],
    ["A===", "InvalidTrailingPadding"],
  ])("rejects %j with %s", (input, error) => {
    expect(rustlsBase64Decode(enc(input))).toEqual({ ok: false, error });
  });

  it("agrees with Buffer on random data, wrapped at 64 columns", () => {
    for (let len = 0; len < 200; len += 7) {
      const data = new Uint8Array(len).map((_, i) => (i * 151 + len * 13) & 0xff);
      const b64 = Buffer.from(data).toString("base64").replace(/(.{64})/g, "$1\n");
      const r = rustlsBase64Decode(enc(b64));
      expect(r.ok && Buffer.from(r.bytes).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe("scanPem (rustls-pki-types src/pem.rs)", () => {
  const cases: { name: string; text: string; blocks: number; error?: string; line?: number; check?: (s: ReturnType<typeof scanPem>) => void }[] = [
    { name: "one block", text: block("CERTIFICATE"), blocks: 1, check: (s) => expect(Array.from(s.blocks[0]!.der)).toEqual([0, 1, 2]) },
    { name: "CRLF line ends", text: block("CERTIFICATE").replace(/\n/g, "\r\n"), blocks: 1, check: (s) => expect(s.crlf).toBe(true) },
    { name: "LF line ends are not CRLF", text: block("CERTIFICATE"), blocks: 1, check: (s) => expect(s.crlf).toBe(false) },
    { name: "lone CR line ends", text: block("CERTIFICATE").replace(/\n/g, "\r"), blocks: 1 },
    {
      name: "junk between and around blocks is ignored",
      text: `subject=CN=x\n${block("CERTIFICATE")}Bag Attributes\n${block("CERTIFICATE")}`,
      blocks: 2,
      check: (s) => {
        expect(s.strayLines).toEqual([1, 5]);
        expect(s.blocks.map((b) => b.line)).toEqual([2, 6]);
      },
    },
    { name: "no junk, no stray lines", text: block("CERTIFICATE"), blocks: 1, check: (s) => expect(s.strayLines).toEqual([]) },
    {
      name: "a UTF-8 BOM hides the first BEGIN line",
      text: `\uFEFF${block("CERTIFICATE")}`,
      blocks: 0,
      check: (s) => {
        expect(s.bom).toBe(true);
        expect(s.ignoredBeginLines).toEqual([1]);
      },
    },
    { name: "no BOM", text: block("CERTIFICATE"), blocks: 1, check: (s) => expect(s.bom).toBe(false) },
    { name: "an indented BEGIN line is ignored", text: `  ${block("CERTIFICATE")}`, blocks: 0, check: (s) => expect(s.ignoredBeginLines).toEqual([1]) },
    { name: "spaces after the dashes are fine", text: "-----BEGIN CERTIFICATE-----   \nAAEC\n-----END CERTIFICATE-----\n", blocks: 1 },
    {
      name: "text after the BEGIN dashes",
      text: "-----BEGIN CERTIFICATE----- x\nAAEC\n-----END CERTIFICATE-----\n",
      blocks: 0,
      error: `illegal section start: ${ascii("-----BEGIN CERTIFICATE----- x\n")}`,
      line: 1,
    },
    {
      name: "four trailing dashes",
      text: "\n-----BEGIN CERTIFICATE----\nAAEC\n-----END CERTIFICATE-----\n",
      blocks: 0,
      error: `illegal section start: ${ascii("-----BEGIN CERTIFICATE----\n")}`,
      line: 2,
    },
    {
      name: "missing END line",
      text: "-----BEGIN CERTIFICATE-----\nAAEC\n",
      blocks: 0,
      error: `missing section end marker: ${ascii("CERTIFICATE")}`,
      line: 1,
      check: (s) => expect(s.strayLines).toEqual([]),
    },
    {
      name: "an END line for another label is body, so the section never ends",
      // Labels are assembled so that no tracked file looks like it holds a key (these bodies are 3 bytes).
      text: `-----BEGIN CERTIFICATE-----\nAAEC\n-----END ${FAKE_KEY_LABEL}-----\n`,
      blocks: 0,
      error: `missing section end marker: ${ascii("CERTIFICATE")}`,
    },
    { name: "bad base64", text: block("CERTIFICATE", "AA!C"), blocks: 0, error: "base64 decode error: InvalidCharacter(33)", line: 1 },
    { name: "bad padding", text: block("X509 CRL", "AA==AAAA"), blocks: 0, error: "base64 decode error: PrematurePadding" },
    {
      name: "an unknown label's body is never decoded",
      text: block("SOMETHING ELSE", "!!! not base64 !!!"),
      blocks: 1,
      check: (s) => {
        expect(s.blocks[0]!.kind).toBeUndefined();
        expect(s.blocks[0]!.der.length).toBe(0);
      },
    },
    {
      name: "ENCRYPTED PRIVATE KEY is an unknown label",
      text: block("ENCRYPTED PRIVATE KEY"),
      blocks: 1,
      check: (s) => expect(s.blocks[0]!.kind).toBeUndefined(),
    },
    {
      name: "a BEGIN inside an open section restarts it and keeps the body",
      text: "-----BEGIN CERTIFICATE-----\nAAEC\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n",
      blocks: 1,
      check: (s) => {
        expect(s.blocks[0]!.derLength).toBe(6);
        expect(s.blocks[0]!.line).toBe(3);
      },
    },
    {
      name: "the scan goes on after an error, flagging later blocks",
      text: block("CERTIFICATE", "AA!C") + block("CERTIFICATE"),
      blocks: 1,
      error: "base64 decode error: InvalidCharacter(33)",
      check: (s) => expect(s.blocks[0]!.afterError).toBe(true),
    },
    {
      name: "private key bodies are not returned",
      text: block("PRIVATE KEY"),
      blocks: 1,
      check: (s) => {
        expect(s.blocks[0]!.secret).toBe(true);
        expect(s.blocks[0]!.der.length).toBe(0);
        expect(s.blocks[0]!.derLength).toBe(3);
      },
    },
    {
      name: "legacy encrypted PEM headers break base64 (':' is not base64)",
      text: `-----BEGIN RSA ${FAKE_KEY_LABEL}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAEC\n-----END RSA ${FAKE_KEY_LABEL}-----\n`,
      blocks: 0,
      error: "base64 decode error: InvalidCharacter(45)",
      check: (s) => expect(s.error!.headers).toBe(true),
    },
    { name: "line numbers count CRLF once", text: `a\r\nb\r\n${block("CERTIFICATE")}`.replace(/(?<!\r)\n/g, "\r\n"), blocks: 1, check: (s) => expect(s.blocks[0]!.line).toBe(3) },
  ];

  it.each(cases)("$name", ({ text, blocks, error, line, check }) => {
    const s = scanPem(enc(text));
    expect(s.blocks.length).toBe(blocks);
    if (error === undefined) expect(s.error).toBeUndefined();
    else expect(s.error?.message).toBe(error);
    if (line !== undefined) expect(s.error?.line).toBe(line);
    check?.(s);
  });

  it.each([
    ["a DER SEQUENCE", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), true],
    ["text", enc("hello"), false],
    ["PEM", enc(block("CERTIFICATE")), false],
    ["empty", new Uint8Array(0), false],
  ])("looksDer: %s", (_n, bytes, want) => {
    expect(scanPem(bytes).looksDer).toBe(want);
  });

  it.each([
    ["ASCII", enc("abc"), true],
    ["UTF-8", enc("é"), true],
    ["Latin-1 byte", new Uint8Array([0x61, 0xe9, 0x62]), false],
  ])("text (valid UTF-8): %s", (_n, bytes, want) => {
    expect(scanPem(bytes).text).toBe(want);
  });

  it("a DER certificate file looks like DER and is not text", () => {
    const s = scanPem(read(pki.files.serverDer));
    expect(s.looksDer).toBe(true);
    expect(s.blocks).toEqual([]);
  });
});

describe("nativelinkReadCerts / nativelinkReadCrls (src/bin/nativelink.rs read_cert, CRL reader)", () => {
  it("finds every certificate in a chain file", () => {
    const r = nativelinkReadCerts(read(pki.files.serverChain));
    expect(r.ok && r.lines.length).toBe(2);
  });
  it.each([
    ["empty", () => pki.files.empty],
    ["key only", () => pki.files.serverKey],
    ["garbage text", () => pki.files.garbage],
    ["DER", () => pki.files.serverDer],
  ])("reads zero certificates without an error from %s (NativeLink fails later: peer sent no certificates)", (_n, f) => {
    expect(nativelinkReadCerts(read(f()))).toEqual({ ok: true, lines: [] });
  });
  it("a bad body in another known block fails the certificate read too", () => {
    const r = nativelinkReadCerts(enc(block("CERTIFICATE") + block("PUBLIC KEY", "!!!!")));
    expect(r).toEqual({ ok: false, message: "base64 decode error: InvalidCharacter(33)", line: 4 });
  });
  it("CRLs: reads X509 CRL blocks and skips a 'CRL' label", () => {
    const good = nativelinkReadCrls(read(pki.files.crlBundle));
    expect(good.ok && good.lines).toEqual([1, 9]);
    expect(nativelinkReadCrls(read(pki.files.crlWrongLabel))).toEqual({ ok: true, lines: [] });
  });
});

describe("nativelinkReadKey (src/bin/nativelink.rs:483-508)", () => {
  it("a single PKCS#8 key", () => {
    const r = nativelinkReadKey(read(pki.files.serverKey));
    expect(r).toMatchObject({ ok: true, format: "pkcs8", line: 1, ignoredKeyLines: [] });
    expect(r.ok && r.secondKeyLine).toBeUndefined();
  });
  it.each([
    ["PKCS#1", () => pki.files.rsaServerKeyPkcs1, "pkcs1"],
    ["SEC1", () => pki.files.serverKeySec1, "sec1"],
  ])("%s keys", (_n, f, format) => {
    expect(nativelinkReadKey(read(f()))).toMatchObject({ ok: true, format });
  });
  it("two keys within the first 8 KiB: the second is silently ignored", () => {
    const r = nativelinkReadKey(read(pki.files.twoKeys));
    expect(r).toMatchObject({ ok: true, line: 1, ignoredKeyLines: [6] });
    expect(r.ok && r.secondKeyLine).toBeUndefined();
  });
  it("a second key past the first 8 KiB: Expected 1 key in file", () => {
    const r = nativelinkReadKey(read(pki.files.twoKeysFar));
    expect(r).toMatchObject({ ok: true, secondKeyLine: 156, secondReadOffset: RUST_BUF_SIZE });
  });
  it("the 8 KiB boundary is exact", () => {
    const key = block("PRIVATE KEY");
    const padTo = (n: number) => `${"#".repeat(n - key.length - 1)}\n${key}`;
    const atBoundary = padTo(RUST_BUF_SIZE) + key; // first END line ends at byte 8192
    const past = padTo(RUST_BUF_SIZE + 1) + key; // ends at 8193: the first read buffers 16 KiB
    expect(nativelinkReadKey(enc(atBoundary))).toMatchObject({ ok: true, secondReadOffset: RUST_BUF_SIZE, secondKeyLine: 5 });
    const r = nativelinkReadKey(enc(past));
    expect(r).toMatchObject({ ok: true, secondReadOffset: enc(past).length, ignoredKeyLines: [5] });
    expect(r.ok && r.secondKeyLine).toBeUndefined();
  });
  it.each([
    ["an empty file", () => pki.files.empty, "no items found"],
    ["an encrypted PKCS#8 key (not a key to pki-types)", () => pki.files.encryptedKey, "no items found"],
    ["a certificate", () => pki.files.server, "no items found"],
    ["a legacy encrypted PKCS#1 key", () => pki.files.legacyEncryptedKey, "base64 decode error: InvalidCharacter(45)"],
  ])("fails on %s", (_n, f, message) => {
    expect(nativelinkReadKey(read(f()))).toMatchObject({ ok: false, message });
  });
  it("a PEM error before the key fails; one after it does not", () => {
    expect(nativelinkReadKey(enc(block("CERTIFICATE", "!") + block("PRIVATE KEY")))).toMatchObject({ ok: false, message: "base64 decode error: InvalidCharacter(33)" });
    expect(nativelinkReadKey(enc(block("PRIVATE KEY") + block("CERTIFICATE", "!")))).toMatchObject({ ok: true });
  });
});

describe("tonic client reads (nativelink-util/src/tls_utils.rs + tonic 0.14.6 service/tls.rs)", () => {
  it("non-UTF-8 files fail read_to_string", () => {
    expect(tonicReadCerts(read(pki.files.serverDer))).toEqual({ ok: false, message: RUST_NOT_UTF8 });
    expect(tonicReadKey(new Uint8Array([0xff]))).toEqual({ ok: false, message: RUST_NOT_UTF8 });
  });
  it("PEM errors become tonic's fixed messages", () => {
    expect(tonicReadCerts(enc(block("CERTIFICATE", "!")))).toMatchObject({ ok: false, message: TONIC_CERT_PARSE_ERROR });
    expect(tonicReadKey(read(pki.files.encryptedKey))).toEqual({ ok: false, message: TONIC_KEY_PARSE_ERROR });
  });
  it("good files read", () => {
    const r = tonicReadCerts(read(pki.files.caBundle));
    expect(r.ok && r.lines.length).toBe(2);
    expect(tonicReadKey(read(pki.files.twoKeysFar))).toMatchObject({ ok: true, line: 1 });
  });
});
