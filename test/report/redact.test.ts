// The redaction layer on its own: what it hides, what it leaves alone, and how code frames keep their caret.
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor, urlAuthorities } from "../../src/report/redact.ts";
import type { Finding } from "../../src/types.ts";
import { envFrom } from "../../src/values/index.ts";
import { testKey } from "../helpers/keys.ts";
import { seeded } from "../helpers/seeded.ts";

const R = REDACTED;

function finding(over: Partial<Finding>): Finding {
  return { ruleId: "x", category: "value", severity: "error", message: "m", file: "c.json5", pointer: "/a", line: 1, column: 1, endLine: 1, endColumn: 2, ...over };
}

describe("Redactor: values of secret-named variables", () => {
  it("hides the values a watched environment serves for secret-looking names, and only those", () => {
    const r = new Redactor();
    const env = r.watch(envFrom({ DB_PASSWORD: "hunter22", CAS_TOKEN: "tok-abcdef", HOST: "cache.internal", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI", MY_CREDENTIALS: "cr3d-v4lue", PASS: "p4ssw0rd" }));
    for (const k of ["DB_PASSWORD", "CAS_TOKEN", "HOST", "AWS_SECRET_ACCESS_KEY", "MY_CREDENTIALS", "PASS", "UNSET_KEY"]) env.get(k);
    expect(r.text('"hunter22" at cache.internal, tok-abcdef, wJalrXUtnFEMI, cr3d-v4lue, p4ssw0rd')).toBe(`"${R}" at cache.internal, ${R}, ${R}, ${R}, ${R}`);
  });

  it("knows nothing until a value is served: a variable that was never looked up is not a secret of the run", () => {
    const r = new Redactor();
    r.watch(envFrom({ DB_PASSWORD: "hunter22" }));
    expect(r.text("hunter22")).toBe("hunter22");
  });

  it("matches case-insensitively and in the JSON-escaped and percent-encoded forms messages use", () => {
    const r = new Redactor();
    r.addValue('Pa"ss w/rd');
    expect(r.text("pa\"ss w/rd")).toBe(R);
    expect(r.text(JSON.stringify('Pa"ss w/rd'))).toBe(`"${R}"`);
    expect(r.text("x=Pa%22ss%20w%2Frd")).toBe(`x=${R}`);
    r.addValue("tab\there\u0001");
    expect(r.text('messages: ["tab\\there\\u{1}"]')).toBe(`messages: ["${R}"]`);
    r.addValue("S3cr3t-Host");
    expect(r.text("grpc://s3cr3t-host:50051")).toBe(`grpc://${R}:50051`);
  });

  it("replaces every occurrence with one fixed marker, never a partial prefix, longest secret first", () => {
    const r = new Redactor();
    r.addValue("abcd");
    r.addValue("abcdefgh");
    expect(r.text("abcdefgh abcd xabcdx")).toBe(`${R} ${R} x${R}x`);
  });

  it("a value shorter than 4 characters is hidden only where it stands alone in quotes, so common text survives", () => {
    const r = new Redactor();
    r.addValue("1");
    r.addValue("ab");
    r.addValue("");
    expect(r.text('port 1 of "1", tab "ab", \'ab\', `ab`, "abc" and a cab')).toBe(`port 1 of "${R}", tab "${R}", '${R}', \`${R}\`, "abc" and a cab`);
    expect(r.text("")).toBe("");
  });

  it("hides every line of a multi-line secret (a PEM key in a variable)", () => {
    const r = new Redactor();
    const key = testKey();
    r.addValue(key.pem);
    expect(r.text(`line: ${key.body[1]}`)).toBe(`line: ${R}`);
  });
});

describe("Redactor: secret parts of inline values", () => {
  const r = new Redactor();
  it("URL userinfo passwords, for any scheme, keeping the user and host", () => {
    expect(r.text('"redis://user:pw-1234@cache:6379/0"')).toBe(`"redis://user:${R}@cache:6379/0"`);
    expect(r.text("rediss://:pw-1234@cache")).toBe(`rediss://:${R}@cache`);
    expect(r.text("mongodb+srv://app:p@ss:w0rd@db.example.net/x")).toBe(`mongodb+srv://app:${R}@db.example.net/x`);
    expect(r.text("amqp://guest:guest@rabbit:5672/")).toBe(`amqp://guest:${R}@rabbit:5672/`);
    expect(r.text("https://user@host/x")).toBe("https://user@host/x");
    expect(r.text("write user:pw-1234@host:50051")).toBe(`write user:${R}@host:50051`);
  });

  it("leaves a password that is only a variable reference: the reference names no secret", () => {
    expect(r.text("redis://user:${REDIS_PASSWORD}@cache:6379")).toBe("redis://user:${REDIS_PASSWORD}@cache:6379");
  });

  it("token-ish query parameters, SAS and presigned signatures", () => {
    expect(r.text("grpc://cas:50051/?token=abc123&x=1")).toBe(`grpc://cas:50051/?token=${R}&x=1`);
    expect(r.text("https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=AbC%2Bdef%3D&se=2030")).toBe(`https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=${R}&se=2030`);
    expect(r.text("https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIDEXAMPLE%2F2024&X-Amz-Signature=deadbeef")).toBe(`https://b.s3.amazonaws.com/k?X-Amz-Credential=${R}&X-Amz-Signature=${R}`);
    expect(r.text("http://h/?access_token=a1&password=p&secret=s&key=k&signature=g&api_key=z")).toBe(`http://h/?access_token=${R}&password=${R}&secret=${R}&key=${R}&signature=${R}&api_key=${R}`);
    expect(r.text("http://h/?page=2&monkey=3")).toBe("http://h/?page=2&monkey=3");
  });

  it("private key PEM bodies, keeping the armour lines", () => {
    const rsa = testKey("pkcs1");
    // As a JSON string shows it: the line breaks written as \n.
    const pem = rsa.pem.split("\n").join("\\n");
    expect(r.text(`key: "${pem}"`)).toBe(`key: "${rsa.begin}${R}${rsa.end}"`);
    const pkcs8 = testKey();
    expect(r.text(`${pkcs8.begin}\n${pkcs8.body[0]} (truncated`)).toBe(`${pkcs8.begin}${R}`);
    expect(r.text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")).toBe("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
  });

  it("credentials written into fields named for them, as a config line or a message quotes them", () => {
    expect(r.text('    secret_access_key: "wJalrXUtnFEMI/K7MDENG",')).toBe(`    secret_access_key: "${R}",`);
    expect(r.text("\"password\": 'hunter2', user: \"bob\"")).toBe(`"password": '${R}', user: "bob"`);
    expect(r.text('access_key_id: "AKIAIOSFODNN7EXAMPLE"')).toBe(`access_key_id: "${R}"`);
    // Where a credential is (a file, a variable), and placeholders, are not credentials.
    expect(r.text('key_file: "/etc/tls/key.pem", secret_access_key: "${AWS_SECRET}", token: ""')).toBe('key_file: "/etc/tls/key.pem", secret_access_key: "${AWS_SECRET}", token: ""');
  });

  it("the default of a secret-named variable reference", () => {
    expect(r.text('"${REDIS_PASSWORD:-hunter2}"')).toBe(`"\${REDIS_PASSWORD:-${R}}"`);
    expect(r.text("${LISTEN:-0.0.0.0:50051}")).toBe("${LISTEN:-0.0.0.0:50051}");
  });

  it("well-known token shapes anywhere", () => {
    expect(r.text("uses ghp_0123456789abcdefghijABCDEFGHIJ012345 here")).toBe(`uses ${R} here`);
  });

  it("is linear on hostile text", () => {
    const r2 = new Redactor();
    const big = "a:".repeat(200_000) + "a.".repeat(200_000) + "?a".repeat(100_000) + "x".repeat(200_000) + testKey().begin.repeat(5_000) + "${".repeat(100_000);
    r2.learn(big);
    expect(r2.text(big).length).toBeGreaterThan(0);
  }, 30_000);
});

describe("Redactor: learning from the config text", () => {
  it("an inline secret learned from the source is hidden wherever a message repeats it, even out of its URL", () => {
    const r = new Redactor();
    r.learn('{ addresses: ["redis://user:S3cr3t-learned@cache"], secret_access_key: "wJalrXUtnFEMI/K7", x: "${DB_PASS:-fallback-pw}" }');
    expect(r.text("password S3cr3t-learned is wrong; wJalrXUtnFEMI/K7 too; fallback-pw")).toBe(`password ${R} is wrong; ${R} too; ${R}`);
  });

  it("a bare word learned inline is hidden in place but not everywhere, so messages keep their words", () => {
    const r = new Redactor();
    r.learn('{ connection_string: "mongodb+srv://username:password@cluster.example.net/" }');
    expect(r.text('the password in connection_string "mongodb+srv://username:password@cluster.example.net/"')).toBe(`the password in connection_string "mongodb+srv://username:${R}@cluster.example.net/"`);
  });

  it("values of variables with ordinary names are scanned for inline secrets", () => {
    const r = new Redactor();
    r.watch(envFrom({ REDIS_URL: "redis://u:S3cr3t-env-url@h:6379" })).get("REDIS_URL");
    expect(r.text("bad database in S3cr3t-env-url")).toBe(`bad database in ${R}`);
  });
});

describe("Redactor: findings and code frames", () => {
  it("rewrites every string of a finding, related messages and suppression reasons included", () => {
    const r = new Redactor();
    r.addValue("S3cr3t-f");
    const f = finding({
      message: "m S3cr3t-f",
      hint: "h S3cr3t-f",
      nativelink: "n S3cr3t-f",
      reproduce: "r S3cr3t-f",
      pointer: "/a/S3cr3t-f",
      related: [{ file: "c.json5", pointer: "/b", line: 1, column: 1, endLine: 1, endColumn: 2, message: "rel S3cr3t-f" }],
      suppressed: { kind: "inline", justification: "j S3cr3t-f" },
    });
    const out = r.finding(f);
    expect(JSON.stringify(out)).not.toContain("S3cr3t");
    expect(out).toMatchObject({ message: `m ${R}`, hint: `h ${R}`, nativelink: `n ${R}`, reproduce: `r ${R}`, pointer: `/a/${R}` });
    expect(f.message).toBe("m S3cr3t-f");
    const plain = finding({});
    expect(r.finding(plain)).toEqual(plain);
  });

  it("maps columns of a redacted line: a span that starts or ends inside a secret covers the marker", () => {
    const r = new Redactor();
    const line = '  addresses: ["redis://u:pw-12345@h"],';
    const red = r.line(line);
    expect(red.text).toBe(`  addresses: ["redis://u:${R}@h"],`);
    const start = line.indexOf('"');
    const end = line.lastIndexOf('"') + 1;
    expect(red.text.slice(red.at(start, "start"), red.at(end, "end"))).toBe(`"redis://u:${R}@h"`);
    const inside = line.indexOf("pw-") + 2;
    expect(red.text.slice(red.at(inside, "start"), red.at(inside + 1, "end"))).toBe(R);
    expect(red.at(0, "start")).toBe(0);
    expect(red.at(line.length, "end")).toBe(red.text.length);
  });

  it("maps every column of lines of many secrets as a walk of the hidden parts does, over 300 generated lines", () => {
    const rand = seeded(0xa7);
    for (let c = 0; c < 300; c++) {
      const r = new Redactor();
      // Plain pieces of lower-case letters and spaces, secrets of upper-case letters and digits, so
      // the secrets are hidden exactly where they were put (never touching, so never joined).
      let line = "";
      const hidden: [number, number][] = [];
      const parts = 1 + rand(c % 10 === 0 ? 200 : 12);
      for (let p = 0; p < parts; p++) {
        line += Array.from({ length: 1 + rand(6) }, () => "abcdefgh "[rand(9)]).join("");
        if (rand(4) === 0) continue;
        const secret = Array.from({ length: 4 + rand(12) }, () => "QRSTUVWXYZ0123456789"[rand(20)]).join("");
        r.addValue(secret);
        hidden.push([line.length, line.length + secret.length]);
        line += secret;
      }
      line += "z";
      const red = r.line(line);
      for (let i = 0; i <= line.length + 2; i++) {
        for (const edge of ["start", "end"] as const) {
          // The reference: where i lands, walking the hidden parts from the left.
          let shift = 0;
          let want: number | undefined;
          for (const [a, b] of hidden) {
            if (i <= a) break;
            if (i < b) {
              want = a + shift + (edge === "start" ? 0 : REDACTED.length);
              break;
            }
            shift += REDACTED.length - (b - a);
          }
          expect(red.at(i, edge)).toBe(want ?? i + shift);
        }
      }
    }
  });
});

describe("Redactor: many known values", () => {
  // Past a few dozen values they are looked up by piece instead of one pass each: the same places
  // must be hidden. A redactor given the values alone (one pass each) is compared with one also
  // given 40 values that occur nowhere (by piece), over generated values and texts that share
  // prefixes, overlap, repeat, and put short values between quotes and outside them.
  it("hides what one pass per value hides, over 400 generated cases", () => {
    const rand = seeded(0x51ed);
    const alphabet = ["a", "b", "A", "1", "2", "-", "x", "\"", "'", "`", " ", "é", "/", ":", "@"];
    const word = (n: number) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join("");
    const padding = Array.from({ length: 40 }, (_, i) => `zzzz-never-${i}-qqqq`);
    for (let round = 0; round < 400; round++) {
      const values = Array.from({ length: 1 + rand(6) }, () => word(1 + rand(9)));
      // Several values from one pattern (the case a piece index must tell apart).
      if (rand(2) === 0) for (let i = 0; i < 4; i++) values.push(`ab1-${word(2)}`);
      const few = new Redactor();
      const many = new Redactor();
      for (const v of values) {
        few.addValue(v);
        many.addValue(v);
      }
      for (const v of padding) many.addValue(v);
      const pieces = [...values, ...values.map((v) => `"${v}"`), word(3), "'", "`", "AB1-", " "];
      const text = Array.from({ length: 2 + rand(12) }, () => pieces[rand(pieces.length)]).join(rand(2) ? "" : " ");
      expect(many.text(text), `round ${round}: ${JSON.stringify(values)} in ${JSON.stringify(text)}`).toBe(few.text(text));
    }
  });

  it("hides 3,000 passwords of one pattern in each line that holds one", () => {
    const r = new Redactor();
    for (let i = 0; i < 3000; i++) r.addValue(`Sup3rS3cretPassw0rd${i}x`);
    expect(r.text('addresses: ["redis://:Sup3rS3cretPassw0rd2999x@redis-2999.internal:6379"]')).toBe(`addresses: ["redis://:${R}@redis-2999.internal:6379"]`);
    expect(r.text("SUP3RS3CRETPASSW0RD17X and Sup3rS3cretPassw0rd18")).toBe(`${R} and Sup3rS3cretPassw0rd18`);
  });
});

describe("urlAuthorities", () => {
  it("finds what the scheme pattern it replaced finds, over generated texts", () => {
    // The pattern the scan replaced, kept here as its reference.
    const URL_START = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\//g;
    const rnd = seeded(1604);
    const pieces = ["://", ":", "/", "a", "Z", "q", "7", "+", ".", "-", "@", " ", "\n", "é", "_", "[", "`", "{", "redis", "grpcs", "1http"];
    for (let i = 0; i < 3000; i++) {
      let s = "";
      for (let n = rnd(16); n > 0; n--) s += pieces[rnd(pieces.length)]!;
      expect(urlAuthorities(s), JSON.stringify(s)).toEqual([...s.matchAll(URL_START)].map((m) => m.index + m[0].length));
    }
    // A run of scheme characters must start with a letter: "9x" and "-a" are not schemes, nor their tails.
    expect(urlAuthorities('a "redis://u:p@h" and x+1.y-z://h, 9x://no, -a://no, :// alone')).toEqual([11, 32]);
  });
});
