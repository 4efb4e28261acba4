// Everything that runs the compiled JavaScript, in one file: it builds once, into the checkout's dist/ trees (the
// suite runs test files in parallel; none of the others reads dist/, which only the full-sync-compiled condition
// resolves to).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { assembleRuntimeStage, type RuntimeStage } from "./support/assemble-runtime-stage";
import { composeServices } from "./support/compose-services";
import { freePort, spawnNode, spawnTs, type RunningProcess } from "./support/spawn-process";
import { SyncStack, truthLines } from "./support/sync-stack";

const ROOT = path.resolve(__dirname, "../..");

/** /proc/<pid>/task/<pid>/children: the processes a process started. */
function childPids(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

function procStrings(pid: number, file: "cmdline" | "environ"): string[] {
  return readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0").filter(Boolean);
}

beforeAll(() => {
  // `pnpm build`'s compile step (scripts/build.mjs). Not the whole `pnpm build`: its prisma generate rewrites the
  // generated client under src/ while other test files load it, and its tsc is `pnpm typecheck`'s check.
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "pipe" });
}, 300_000);

describe("the full-sync-compiled export condition", () => {
  it("when a process is started with it, then the workspace packages resolve to dist/; Jest, tsx and tsc (no customConditions) keep src/", () => {
    const resolveWith = (flags: string[]) =>
      execFileSync(process.execPath, [...flags, "--eval", 'console.log(require.resolve("@full-sync/shared"), require.resolve("@full-sync/worker"))'], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(resolveWith(["--conditions=full-sync-compiled"])).toBe(`${path.join(ROOT, "packages/shared/dist/index.js")} ${path.join(ROOT, "apps/worker/dist/index.js")}`);
    expect(resolveWith(["--import", "tsx"])).toBe(`${path.join(ROOT, "packages/shared/src/index.ts")} ${path.join(ROOT, "apps/worker/src/index.ts")}`);
    expect(require.resolve("@full-sync/shared")).toBe(path.join(ROOT, "packages/shared/src/index.ts"));
    const { compilerOptions } = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.base.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    expect(compilerOptions.customConditions).toBeUndefined();
  });
});

describe("pnpm start --prod", () => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await SyncStack.start({ seed: 41, campaigns: 2, leadsPerCampaign: 10, workers: 0, gateway: false });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("when started after pnpm build, then the gateway and worker run compiled in one child node without tsx, a sync equals ground truth, and SIGTERM stops it cleanly", async () => {
    const start = spawnTs("pnpm-start-prod", "scripts/start.ts", ["--prod"], { ...stack.env(), PORT: String(stack.gatewayPort), LOG_LEVEL: "info" });
    stack.processes.push(start);
    await start.waitForLine(/Full Sync is up/, 90_000);
    expect((await fetch(`${stack.gatewayUrl}/healthz`)).status).toBe(200);

    // The launcher (tsx, signals only) has exactly one child: the app, compiled, with no loader anywhere.
    const [app, ...others] = childPids(start.child.pid!);
    expect(others).toEqual([]);
    const cmdline = procStrings(app!, "cmdline");
    expect(cmdline.slice(1)).toEqual(["--conditions=full-sync-compiled", "--max-semi-space-size=8", path.join(ROOT, "apps/start/dist/main.js")]);
    expect(cmdline.join(" ")).not.toContain("tsx");
    expect(procStrings(app!, "environ").filter((v) => v.startsWith("NODE_OPTIONS=") && v.includes("tsx"))).toEqual([]);

    const namespaceId = await stack.createNamespace("prod-start");
    const jobId = await stack.execute({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "prod-start" });
    expect(await stack.waitForJob(jobId)).toBe("completed");
    const truth = [...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))];
    expect(truth.length).toBeGreaterThan(0);
    expect(await stack.storedEvents(namespaceId)).toEqual(truthLines(truth));

    expect(await start.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(start.lines.some((l) => l.includes("worker stopped"))).toBe(true);
    expect(start.lines.some((l) => l.includes("gateway stopped"))).toBe(true);
    expect(start.lines.some((l) => l.includes('"message":"stopped"'))).toBe(true);
    expect(() => statSync(`/proc/${app}`)).toThrow();
    expect(start.lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  it("when a source file is newer than its build, then it says to run pnpm build first and exits 1 without starting anything", async () => {
    const source = path.join(ROOT, "apps/worker/src/main.ts");
    const { atime, mtime } = statSync(source);
    const future = new Date(Date.now() + 60_000);
    utimesSync(source, future, future);
    try {
      const start = spawnTs("pnpm-start-prod-stale", "scripts/start.ts", ["--prod"], { ...stack.env(), PORT: String(await freePort()) });
      expect(await start.exited).toEqual({ code: 1, signal: null });
      expect(start.lines.join("\n")).toContain("apps/worker/dist is older than apps/worker/src/main.ts: run pnpm build first");
    } finally {
      utimesSync(source, atime, mtime);
    }
  });
});

describe("the Dockerfile's image and docker-compose's commands", () => {
  let stage: RuntimeStage;
  let db: TestDatabase;
  const env = () => ({
    ...stage.env,
    DATABASE_URL: db.url,
    CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    WEBHOOK_SIGNING_SECRET: "compiled-build-webhook-secret",
    LOG_FORMAT: "json",
  });
  beforeAll(async () => {
    stage = assembleRuntimeStage(ROOT, mkdtempSync(path.join(tmpdir(), "full-sync-image-")));
    // Empty: the compiled gateway applies the migrations from the image's own prisma/migrations.
    db = await createTestDatabase({ template: false });
  }, 180_000);
  afterAll(async () => {
    await db?.drop();
    if (stage) rmSync(stage.dir, { recursive: true, force: true });
  });

  /** Runs an image command (node and its arguments) in the assembled image; `env` on top of the image's ENV. */
  function runInImage(name: string, command: string[], extraEnv: NodeJS.ProcessEnv): RunningProcess {
    expect(command[0]).toBe("node");
    return spawnNode(name, command.slice(1), { ...env(), ...extraEnv }, stage.dir);
  }

  async function expectGatewayServes(name: string, command: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = await freePort();
    const gateway = runInImage(name, command, { ...extraEnv, GATEWAY_HOST: "127.0.0.1", PORT: String(port) });
    try {
      await gateway.waitForLine(/gateway listening on/, 90_000);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await gateway.stop("SIGTERM")).toEqual({ code: 0, signal: null });
      expect(gateway.lines.some((l) => l.includes("gateway stopped"))).toBe(true);
    } finally {
      await gateway.stop("SIGKILL");
    }
  }

  it("when the image's CMD runs, then the compiled gateway migrates an empty database, answers /healthz and stops on SIGTERM with 0", async () => {
    expect(stage.env.NODE_ENV).toBe("production");
    // Only production dependencies: no TypeScript loader or compiler is even installed in the image.
    expect(() => statSync(path.join(stage.dir, "node_modules/tsx"))).toThrow();
    expect(() => statSync(path.join(stage.dir, "node_modules/.pnpm/node_modules/tsx"))).toThrow();
    await expectGatewayServes("image-cmd", stage.cmd);
    const { rows } = await db.pool.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`);
    expect(rows.map((r) => r.migration_name)).toEqual(readdirSync(path.join(stage.dir, "prisma/migrations")).filter((n) => /^\d+_/.test(n)).sort());
  });

  it("when each docker-compose app command runs in the image, then gateways answer /healthz and workers start and stop cleanly on SIGTERM", async () => {
    const services = composeServices(ROOT);
    expect(services.map((s) => s.name).sort()).toEqual(["gateway-1", "gateway-2", "worker-1", "worker-2"]);
    for (const service of services) {
      if (service.name.startsWith("gateway")) {
        await expectGatewayServes(service.name, service.command, service.environment);
        continue;
      }
      const worker = runInImage(service.name, service.command, service.environment);
      try {
        await worker.waitForLine(/worker started/, 90_000);
        expect(await worker.stop("SIGTERM")).toEqual({ code: 0, signal: null });
        expect(worker.lines.some((l) => l.includes("worker stopped"))).toBe(true);
      } finally {
        await worker.stop("SIGKILL");
      }
    }
  });
});
