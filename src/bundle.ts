// What dist/cli.cjs exports: the CLI, and the GitHub Action's entry, which shares all of its code.
// The Action's own modules (action.ts and the reporters only it needs at load, node:crypto among
// them) are initialised only when the Action runs, not at every start of the CLI.
export * from "./cli.ts";

export async function actionMain(): Promise<void> {
  await (await import("./action-main.ts")).actionMain();
}
