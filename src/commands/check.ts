// `check` (the default command): configs, directories or globs, with the options of src/cli.ts's table.
import type { Argv, Options } from "yargs";
import { OPTIONS, type OptionSpec } from "../cli.ts";

export const command = ["check [files..]", "$0 [files..]"];
export const describe = "check NativeLink configs, and the certificates and keys they name";

/** The option table as yargs options: repeatable options take one value each time they are given. */
export function builder(y: Argv): Argv {
  for (const [name, o] of Object.entries(OPTIONS as Record<string, OptionSpec>)) {
    const opt: Options = { type: o.type, describe: o.describe };
    if (o.short) opt.alias = o.short;
    if (o.choices) opt.choices = [...o.choices];
    if (o.shownDefault !== undefined) opt.defaultDescription = o.shownDefault;
    if (o.type === "string") {
      opt.requiresArg = true;
      opt.nargs = 1;
    }
    if (o.multiple) opt.coerce = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
    else if (o.type === "string") opt.coerce = (v: unknown) => (Array.isArray(v) ? String(v[v.length - 1]) : String(v));
    y.option(name, opt);
  }
  return y
    .option("color", { type: "boolean", describe: "colour the human output (--no-color: never; default: when the output is a terminal and NO_COLOR is unset)" })
    .positional("files", { type: "string", array: true, describe: "config files, directories (every *.json5 and *.json under it) or globs" });
}
