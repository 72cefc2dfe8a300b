// Bundled into action/index.js: runs the action in the runner's process.
import { runAction } from "./action.ts";

runAction(process.env, (s) => process.stdout.write(s)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stdout.write(`::error title=nativelink-preflight::internal error: ${String(e.message).split("\n")[0].replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`);
    process.exitCode = 3;
  },
);
