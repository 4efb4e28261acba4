import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

const root = resolve(import.meta.dirname, "../..");

/** Lints a fixture text as if it were the given file, with the repository's own config, through ESLint's Node API. */
async function lintAs(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const script = `
    import { ESLint } from "eslint";
    const eslint = new ESLint({ cwd: process.cwd() });
    const [result] = await eslint.lintText(process.env.CODE, { filePath: process.env.FILE });
    process.stdout.write(JSON.stringify(result.messages.map(({ ruleId, message }) => ({ ruleId, message }))));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, CODE: code, FILE: resolve(root, filePath) },
  });
  return JSON.parse(stdout) as { ruleId: string | null; message: string }[];
}

describe("lint: no SQL in apps (the config pnpm lint runs)", () => {
  it("when an app's source calls .query( on a pool, then lint reports it", async () => {
    const messages = await lintAs("apps/worker/src/jobs/fixture.ts", `export async function f(pool: { query(sql: string): Promise<unknown> }) {\n  await pool.query("SELECT 1");\n}\n`);
    expect(messages).toEqual([expect.objectContaining({ ruleId: "no-restricted-syntax", message: expect.stringMatching(/No SQL in apps/) })]);
  });

  it("when an app's source uses Prisma's $queryRaw or $executeRaw, then lint reports each", async () => {
    const code = `export async function f(prisma: any) {\n  await prisma.$queryRaw\`SELECT 1\`;\n  await prisma.$executeRawUnsafe("DELETE FROM events");\n}\n`;
    const messages = (await lintAs("apps/gateway/src/routes/fixture.ts", code)).filter((m) => m.ruleId === "no-restricted-syntax");
    expect(messages).toHaveLength(2);
  });

  it("when the shared package or an app's test issues SQL, then lint lets it through", async () => {
    const code = `export async function f(pool: { query(sql: string): Promise<unknown> }) {\n  await pool.query("SELECT 1");\n}\n`;
    expect(await lintAs("packages/shared/src/sync-tasks/fixture.ts", code)).toEqual([]);
    expect(await lintAs("apps/worker/test/fixture.test.ts", code)).toEqual([]);
  });
});
