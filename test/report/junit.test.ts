// Checks that the JUnit reporter writes well-formed XML that carries hostile config values intact.
import { describe, expect, it } from "vitest";
import { attr, formatJunit, text, xmlSafe } from "../../src/report/junit.ts";
import type { Finding, RuleMeta } from "../../src/types.ts";

// ---- a tiny strict XML 1.0 parser (no DTDs, CDATA or PIs beyond the declaration) ----

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const LEGAL_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NAME = /[A-Za-z_][-A-Za-z0-9_.:]*/y;

function decodeRefs(s: string, where: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad reference in ${where}: ${s}`);
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, ref: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    const known = named[ref];
    if (known !== undefined) return known;
    const code = ref.startsWith("#x") ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const ch = String.fromCodePoint(code);
    if (!LEGAL_CHARS.test(ch)) throw new Error(`reference to illegal character ${ref}`);
    return ch;
  });
}

/** Parses a whole document; throws on anything not well-formed. */
function parseXml(doc: string): XmlElement {
  if (!LEGAL_CHARS.test(doc)) throw new Error("document contains characters illegal in XML 1.0");
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at ${pos}: ${JSON.stringify(doc.slice(pos, pos + 40))}`);
  };
  const skipSpace = () => {
    while (/[ \t\r\n]/.test(doc[pos] ?? "")) pos++;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(doc);
    if (!m) fail("expected a name");
    pos += m![0].length;
    return m![0];
  };
  const attribute = (attrs: Record<string, string>) => {
    const key = name();
    skipSpace();
    if (doc[pos++] !== "=") fail("expected =");
    skipSpace();
    const quote = doc.charAt(pos++);
    if (quote !== '"' && quote !== "'") fail("expected a quote");
    const end = doc.indexOf(quote, pos);
    if (end < 0) fail("unterminated attribute");
    const raw = doc.slice(pos, end);
    if (raw.includes("<")) fail("< in attribute value");
    if (key in attrs) fail(`duplicate attribute ${key}`);
    // attribute-value normalisation: literal whitespace becomes a space
    attrs[key] = decodeRefs(raw.replace(/\r\n|[\t\n\r]/g, " "), "attribute");
    pos = end + 1;
  };
  const element = (): XmlElement => {
    if (doc[pos++] !== "<") fail("expected <");
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const before = pos;
      skipSpace();
      if (doc.startsWith("/>", pos)) return (pos += 2), el;
      if (doc[pos] === ">") break;
      if (pos === before) fail("expected whitespace before attribute");
      attribute(el.attrs);
    }
    pos++;
    for (;;) {
      const lt = doc.indexOf("<", pos);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      const chunk = doc.slice(pos, lt);
      if (chunk.includes("]]>")) fail("]]> in text");
      el.text += decodeRefs(chunk.replace(/\r\n?/g, "\n"), "text");
      pos = lt;
      if (doc.startsWith("</", pos)) {
        pos += 2;
        if (name() !== el.name) fail(`mismatched end tag for <${el.name}>`);
        skipSpace();
        if (doc[pos++] !== ">") fail("expected >");
        return el;
      }
      el.children.push(element());
    }
  };
  if (!doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) fail("missing XML declaration");
  pos = doc.indexOf("?>") + 2;
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== doc.length) fail("content after the root element");
  return root;
}

// ---- fixtures ----

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "tls-key-permissions",
    category: "tls",
    severity: "error",
    message: "private key is world-readable",
    file: "nativelink.json5",
    pointer: "/servers/0/listener/http/tls/key_file",
    line: 14,
    column: 21,
    endLine: 14,
    endColumn: 38,
    ...over,
  };
}

const kids = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
/** The i-th child named `name`; fails the test when there is none. */
const kid = (el: XmlElement, name: string, i = 0): XmlElement => {
  const found = kids(el, name)[i];
  if (!found) throw new Error(`<${el.name}> has no <${name}> #${i}`);
  return found;
};

describe("the test's XML checker", () => {
  it("rejects malformed documents", () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    for (const bad of ["<a>", "<a></b>", "<a x='1' x='2'/>", "<a>&bogus;</a>", "<a>x & y</a>", "<a>\u001b</a>", '<a x="<"/>', "<a/><b/>", "<a>]]></a>", "<a>&#27;</a>"]) {
      expect(() => parseXml(head + bad), bad).toThrow();
    }
    expect(parseXml(head + `<a x="1&#10;2"><b>t&amp;</b></a>`)).toEqual({
      name: "a",
      attrs: { x: "1\n2" },
      children: [{ name: "b", attrs: {}, children: [], text: "t&" }],
      text: "",
    });
  });
});

describe("formatJunit", () => {
  it("writes an empty but complete report for clean files", () => {
    const root = parseXml(formatJunit([], { files: ["a.json5", "b.json5"] }));
    expect(root.name).toBe("testsuites");
    expect(root.attrs).toEqual({ name: "nativelink-preflight", tests: "2", failures: "0", errors: "0", skipped: "0" });
    const suites = kids(root, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(["a.json5", "b.json5"]);
    expect(kids(kid(root, "testsuite", 1), "testcase")).toEqual([{ name: "testcase", attrs: { classname: "b.json5", name: "b.json5 ok" }, children: [], text: "" }]);
  });

  it("maps errors to failures, warnings and info to passing testcases with system-out, suppressed to skipped", () => {
    const rules: RuleMeta[] = [
      { id: "store-ref-unknown", category: "reference", severity: "warning", summary: "s", why: "w", fix: "define the store", examples: { bad: { config: "{}" }, good: { config: "{}" } } },
    ];
    const findings = [
      finding({ hint: "chmod 600 it", nativelink: "Permission denied", reproduce: "ls -l key.pem" }),
      finding({ severity: "warning", ruleId: "store-ref-unknown", line: 20, column: 5 }),
      finding({ severity: "info", ruleId: "host-note", line: 0, column: 0, endLine: 0, endColumn: 0 }),
      finding({ suppressed: { kind: "inline", justification: "dev only" } }),
      finding({ file: "other.json5", related: [{ file: "nativelink.json5", pointer: "/a", message: "defined here", line: 2, column: 3, endLine: 2, endColumn: 4 }] }),
    ];
    const root = parseXml(formatJunit(findings, { files: ["nativelink.json5", "clean.json5"], rules }));
    expect(root.attrs).toMatchObject({ tests: "6", failures: "2", errors: "0", skipped: "1" });
    expect(kids(root, "testsuite").map((s) => s.attrs.name)).toEqual(["nativelink.json5", "clean.json5", "other.json5"]);
    const main = kid(root, "testsuite", 0);
    const other = kid(root, "testsuite", 2);
    expect(main.attrs).toMatchObject({ tests: "4", failures: "1", skipped: "1" });
    expect(kids(main, "testcase")).toHaveLength(4);
    const err = kid(main, "testcase", 0);
    const warn = kid(main, "testcase", 1);
    const info = kid(main, "testcase", 2);
    const supp = kid(main, "testcase", 3);

    expect(err.attrs).toEqual({ classname: "nativelink.json5", name: "tls-key-permissions 14:21" });
    const failure = kid(err, "failure");
    expect(failure.attrs).toEqual({ type: "tls-key-permissions", message: "private key is world-readable" });
    expect(failure.text).toBe(
      [
        "nativelink.json5:14:21: error: private key is world-readable [tls-key-permissions]",
        "Pointer: /servers/0/listener/http/tls/key_file",
        "NativeLink: Permission denied",
        "Fix: chmod 600 it",
        "Reproduce: ls -l key.pem",
      ].join("\n"),
    );

    expect(warn.attrs.name).toBe("store-ref-unknown 20:5");
    expect(kids(warn, "failure")).toEqual([]);
    expect(kid(warn, "system-out").text).toContain("warning: private key is world-readable [store-ref-unknown]\n");
    expect(kid(warn, "system-out").text).toContain("Fix: define the store");
    expect(info.attrs.name).toBe("host-note");
    expect(kid(info, "system-out").text).toMatch(/^nativelink\.json5: info: /);
    expect(kid(supp, "skipped").attrs.message).toBe("suppressed (inline) error: private key is world-readable: dev only");
    expect(kid(kid(other, "testcase"), "failure").text).toContain("Related: nativelink.json5:2:3: defined here");
  });

  it("makes warnings failures with warningsAsFailures", () => {
    const root = parseXml(formatJunit([finding({ severity: "warning" }), finding({ severity: "info" })], { files: [], warningsAsFailures: true }));
    expect(root.attrs).toMatchObject({ tests: "2", failures: "1" });
    const suite = kid(root, "testsuite");
    expect(kids(kid(suite, "testcase", 0), "failure")).toHaveLength(1);
    expect(kids(kid(suite, "testcase", 1), "failure")).toHaveLength(0);
  });

  it("carries hostile values intact, with illegal characters made visible", () => {
    const hostile = [
      `"><script>alert('x')</script><x a="`,
      "]]><![CDATA[ & &amp; &#0; &bogus;",
      "line1\nline2\r\nline3\rend\ttab",
      "esc \u001b[31m nul \u0000 bell \u0007 vt \u000b ff \u000c",
      "ffff \uffff fffe \ufffe lone \ud800 pair 😀 ü",
      "</testcase></testsuite></testsuites><testsuites>",
    ];
    const visible = (s: string) =>
      s
        .replace(/\u001b/g, "\\u001b")
        .replace(/\u0000/g, "\\u0000")
        .replace(/\u0007/g, "\\u0007")
        .replace(/\u000b/g, "\\u000b")
        .replace(/\u000c/g, "\\u000c")
        .replace(/\uffff/g, "\\uffff")
        .replace(/\ufffe/g, "\\ufffe")
        .replace(/\ud800(?![\udc00-\udfff])/g, "\\ud800");
    const findings = hostile.map((v) => finding({ file: v, ruleId: v, message: v, hint: v }));
    const doc = formatJunit(findings, { files: hostile });
    const root = parseXml(doc);
    const suites = kids(root, "testsuite");
    expect(suites).toHaveLength(hostile.length);
    suites.forEach((s, i) => {
      const v = visible(hostile[i] ?? "");
      expect(s.attrs.name).toBe(v);
      expect(kids(s, "testcase")).toHaveLength(1);
      const tc = kid(s, "testcase");
      expect(tc.attrs).toEqual({ classname: v, name: `${v} 14:21` });
      const failure = kid(tc, "failure");
      expect(failure.attrs).toEqual({ type: v, message: v });
      expect(failure.text).toContain(`Fix: ${v}`);
    });
  });

  it("escapes text and attributes", () => {
    expect(text(`a<b>&"c'\r\n\t`)).toBe(`a&lt;b&gt;&amp;"c'&#13;\n\t`);
    expect(attr(`a<b>&"c'\r\n\t`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;&#13;&#10;&#9;");
    expect(xmlSafe("\u0001\u001f\u007f\u0085\ud83d\ude00")).toBe("\\u0001\\u001f\u007f\u0085\ud83d\ude00");
  });
});
