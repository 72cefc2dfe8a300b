// A plain check line (config operands, --format, --cwd, --quiet, --skip-non-configs, --on-host, --run-as,
// --systemd-unit) is parsed without
// yargs (src/cli.ts plainCheckLine, for start-up time). This pins that it gives the same check
// arguments yargs gives for such lines, and that every other line is left to yargs.
import { describe, expect, it } from "vitest";
import { parser, plainCheckLine, toCheckArgs, type RunIO } from "../src/cli.ts";

const io: RunIO = { argv: [], env: {}, cwd: "/", stdout: () => {}, stderr: () => {}, isTTY: false };

async function byYargs(args: string[]) {
  const parsed = (await (await parser({ ...io, argv: args }, true)).parseAsync(args, {}, () => {})) as Record<string, unknown>;
  const files = ((parsed.files as string[] | undefined) ?? []).map(String);
  return { words: parsed._, args: toCheckArgs(parsed as Record<string, string | boolean | string[] | undefined>, files) };
}

describe("plain check lines", () => {
  it.each([
    [["scheduler.json5"]],
    [["--format", "json", "a.json5", "b.json5"]],
    [["--cwd", "examples/mtls", "examples/mtls/scheduler.json5"]],
    [["a.json5", "--format", "sarif", "--cwd", "x", "--quiet"]],
    [["--skip-non-configs", "a.json", "dir", "configs/*.json5"]],
    [["x=y.json5", "dir/", "./a b.json5", "é.json5"]],
    [["rulez.json5", "check"]],
    [["--on-host", "nativelink.json5"]],
    [["nativelink.json5", "--on-host", "--run-as", "nativelink", "--systemd-unit", "/etc/systemd/system/nativelink.service", "--format", "json"]],
    [["--run-as", "build", "a.json5"]],
  ])("%j: the same check arguments as yargs", async (line) => {
    const plain = plainCheckLine(line);
    expect(plain).toBeDefined();
    const want = await byYargs(line);
    expect(plain!._).toEqual(want.words);
    expect(toCheckArgs(plain as Record<string, string | boolean | string[] | undefined>, plain!.files as string[])).toEqual(want.args);
  });

  it.each([
    [[]],
    [["check", "a.json5"]],
    [["rules"]],
    [["help"]],
    [["a.json5", "--format", "xml"]],
    [["a.json5", "--format"]],
    [["a.json5", "--format", "json", "--format", "sarif"]],
    [["a.json5", "--format=json"]],
    [["a.json5", "-f", "json"]],
    [["a.json5", "--cwd", "-x"]],
    [["a.json5", "--cwd", ""]],
    [["a.json5", "--quiet", "false"]],
    [["a.json5", "--", "-b.json5"]],
    [["-"]],
    [["a.json5", "--output", "r.json"]],
    [["a.json5", "--version"]],
    [["a.json5", "--help"]],
    [["a.json5", "--no-quiet"]],
    [["a.json5", "--on-host", "--on-host"]],
    [["a.json5", "--run-as"]],
    [["a.json5", "--run-as", "--on-host"]],
    [["a.json5", "--no-on-host"]],
    [["a.json5", "--on-host", "true"]],
    [["a.json5", "--run-as=nativelink"]],
    [["a.json5", "--get-yargs-completions"]],
    [[""]],
  ])("%j goes to yargs", (line) => {
    expect(plainCheckLine(line)).toBeUndefined();
  });
});
