import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", ".data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
      // A package is used through its entry points (package.json `exports`), never through another package's src/.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@full-sync/*/src", "@full-sync/*/src/**"], message: "Import the package's entry point (or a subpath its exports map declares)." },
            { group: ["**/packages/*/src", "**/packages/*/src/**", "**/apps/*/src", "**/apps/*/src/**"], message: "Import the package by name (@full-sync/...), not another package's src/." },
          ],
        },
      ],
    },
  },
  {
    // Data access lives in the shared package (packages/shared/src/<domain>/): the apps call its functions.
    files: ["apps/*/src/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='query']",
          message: "No SQL in apps: call a data-access function of @full-sync/shared (packages/shared/src/<domain>/).",
        },
        {
          selector: "CallExpression[callee.property.name=/^\\$(query|execute)Raw/], TaggedTemplateExpression[tag.property.name=/^\\$(query|execute)Raw/]",
          message: "No raw SQL through Prisma in apps: call a data-access function of @full-sync/shared.",
        },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
