// What dist/cli.cjs exports: the CLI, and the GitHub Action's entry, which shares all of its code.
export * from "./cli.ts";
export { actionMain } from "./action-main.ts";
