// ESLint on the project's own code: typescript-eslint's strict-type-checked preset, type-aware, over
// src/, rules/, scripts/ and test/. test/lint.test.ts runs it as part of npm test; `npx eslint .`
// shows the same problems.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "test/fixtures/**",
      "examples/**",
      "bin/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  {
    files: ["src/**/*.ts", "rules/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Messages quote counts, line numbers and flags all the time; objects and nullish values stay refused.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true, allowRegExp: true }],
      // `!` follows a check TypeScript cannot follow (Map.has then get, a match proven above); index reads are covered by noUncheckedIndexedAccess.
      "@typescript-eslint/no-non-null-assertion": "off",
      // `() => expect(...)`, `(s) => void (out += s)` and `afterAll(() => rmSync(...))` are the idiom of callbacks here.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Scanners loop with `while (true)` and return from inside.
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
      // A parameter kept for a shared signature is named _x; `{ dropped: _x, ...rest }` drops keys on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // The route tree port (src/facts/routes.ts) walks down from `this` with a `current` cursor, as matchit does.
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["current"] }],
    },
  },
  {
    files: ["src/generated/**/*.ts"],
    rules: {
      // Generated from the type table: a struct without fields (NoopSpec) is an empty interface.
      "@typescript-eslint/no-empty-object-type": "off",
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Tests read JSON the CLI printed (reports, SARIF, JUnit) and assert on its shape: a wrong shape fails the assertion.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
