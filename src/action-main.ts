// The GitHub Action's entry, run in the runner's process by dist/action.js through the same bundle
// as the CLI (see bin/load-bundle.js).
import { runAction } from "./action.ts";

export async function actionMain(): Promise<void> {
  try {
    process.exitCode = await runAction(process.env, (s) => process.stdout.write(s));
  } catch (e) {
    process.stdout.write(`::error title=nativelink-preflight::internal error: ${(String((e as Partial<Error>).message).split("\n")[0] ?? "").replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`);
    process.exitCode = 3;
  }
}
