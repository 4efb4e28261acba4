import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// Every test file that starts real CLI processes (tsx, migrations, Prisma) imports this: on a loaded machine one start
// can take 15-20 s, so a test of several commands outlasts the default 60 s while passing. This bounds a hang, not
// the speed.
jest.setTimeout(240_000);
const root = path.resolve(__dirname, "../../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pnpm fullsync ...` as a real process against a test database. */
export async function runFullsync(databaseUrl: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const fullEnv = { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...env };
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "apps/cli/src/main.ts"), ...args], { env: fullEnv, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
