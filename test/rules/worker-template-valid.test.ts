import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { formatxTemplate } from "../../src/facts/worker.ts";

const RULE = "worker-template-valid";
const W = (upload: string) =>
  `{ stores: [], servers: [], workers: [{ local: { name: "w", worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { ${upload} }, work_directory: "/w", platform_properties: {} } }] }`;
const S = (t: string) => W(`success_message_template: ${JSON.stringify(t)}`);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "an unclosed placeholder",
      S("{action_digest_hash"),
      ['1:193 success_message_template "{action_digest_hash" is not a template formatx accepts (number of opening and closing curly braces are not equal i.e. 1 != 0); worker "w" cannot be built and NativeLink stops'],
    ],
    [
      "the failure template",
      W('failure_message_template: "see }"'),
      ['1:193 failure_message_template "see }" is not a template formatx accepts (number of opening and closing curly braces are not equal i.e. 0 != 1); worker "w" cannot be built and NativeLink stops'],
    ],
    [
      "an unsupported format spec",
      S("{action_digest_size:e}"),
      ['1:193 success_message_template "{action_digest_size:e}" is not a template formatx accepts (e formatting is not supported but used in {action_digest_size:e}); worker "w" cannot be built and NativeLink stops'],
    ],
    ["a closing brace first", S("} {"), ['1:193 success_message_template "} {" makes formatx panic while compiling it (a `}` before the first `{` makes formatx slice a string backwards); NativeLink exits']],
    [
      "an unknown placeholder",
      S("https://ci/{instance}/{action_digest_hash}"),
      ['1:193 success_message_template uses {instance}, which NativeLink never fills, so building the result message fails for every action that succeeds'],
    ],
    ["a positional placeholder", W('failure_message_template: "failed: {}"'), ["1:193 failure_message_template uses a positional {}, which NativeLink never fills, so building the result message fails for every action that fails"]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["the documented bb_browser link", S("https://example.com/my-instance/blobs/{digest_function}/action/{action_digest_hash}-{action_digest_size}/")],
    ["escaped braces", S("{{literal}} {historical_results_hash}")],
    ["empty templates (the default)", W('success_message_template: "", failure_message_template: ""')],
    ["no upload_action_result templates", W('upload_ac_results_strategy: "never"')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries formatx's messages", async () => {
    const f = (await lint(S("{a"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("number of opening and closing curly braces are not equal i.e. 1 != 0");
    expect(f?.pointer).toBe("/workers/0/local/upload_action_result/success_message_template");
    const u = (await lint(S("{a}"))).find((x) => x.ruleId === RULE);
    expect(u?.nativelink).toBe("missing placeholders values for: a (named)");
    expect(u?.severity).toBe("warning");
  });

  // Outcomes checked against formatx 0.2.4.
  const cases: [string, string][] = [
    ["{a} {} {:>5}", "ok a,0,1"],
    ["{}{0}", "ok 1,0"],
    ["{a:.}", "err precision value not supplied in {a:.}"],
    ["{a:.x}", "err precision value is not a valid usize in {a:.x}"],
    ["{a:5<}", "ok a"],
    ["{a:05<}", "err align should be used before 0 padding and width in {a:05<}"],
    ["{a:#+}", "err sign should be used before # in {a:#+}"],
    ["{a:+-}", "err multiple signs used in {a:+-}"],
    ["{a:<>}", "err multiple align specifiers used in {a:<>}"],
    ["{a:?.2}", "err precision should be used before ? in {a:?.2}"],
    ["{{x}}", "ok "],
    ["{{}", "err number of opening and closing curly braces are not equal i.e. 0 != 1"],
    ["}{", "panic"],
  ];
  for (const [input, want] of cases) {
    it(`compiles ${JSON.stringify(input)} like formatx`, () => {
      const r = formatxTemplate(input);
      expect(r.ok ? `ok ${r.placeholders.join(",")}` : r.panic ? "panic" : `err ${r.message}`).toBe(want);
    });
  }
});
