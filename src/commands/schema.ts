// `schema`: the published JSON Schema of the NativeLink v1.6.6 config, for editors.
import type { Argv } from "yargs";
import type { RunIO } from "../cli.ts";
import { writeReport } from "./output.ts";

export const command = "schema";
export const describe = "print the JSON Schema of the NativeLink config, for editors";

export function builder(y: Argv): Argv {
  return y.option("output", { alias: "o", type: "string", requiresArg: true, describe: "write it to FILE (- for stdout)" });
}

export async function run(argv: { output?: string }, io: RunIO): Promise<number> {
  const { schemaText } = await import("../info.ts");
  writeReport(io, argv.output, schemaText());
  return 0;
}
