import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "global-max-open-files";
const cfg = (v: string) => `{ stores: [], servers: [], global: { max_open_files: ${v} } }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a small number", cfg("1024"), ["1:54 max_open_files 1024 is below the recommended 24576; unless the host's soft limit is already higher (then the setting does nothing), NativeLink warns and caps its own open files at about 820"]],
    ["a string with a ${VAR} default", cfg('"${NOFILE:-24575}"'), ["1:54 max_open_files 24575 is below the recommended 24576; unless the host's soft limit is already higher (then the setting does nothing), NativeLink warns and caps its own open files at about 19660"]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  for (const ok of ["0", "24576", "1048576", '"65536"']) {
    it(`passes ${ok}`, async () => {
      expect(lines(await lint(cfg(ok)), RULE)).toEqual([]);
    });
  }

  it("passes configs without global, and leaves unparsable values to the value rules", async () => {
    expect(lines(await lint("{ stores: [], servers: [] }"), RULE)).toEqual([]);
    expect(lines(await lint(cfg('"0x10"')), RULE)).toEqual([]);
  });

  it("is a warning carrying NativeLink's message", async () => {
    const f = (await lint(cfg("1000"))).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.nativelink).toBe("The new open file limit (1000) is below the recommended value of 24576. Consider raising max_open_files.");
    expect(f?.pointer).toBe("/global/max_open_files");
  });
});
