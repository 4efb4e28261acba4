// `pnpm demo`: Full Sync against local emulators of the platforms, with nothing to configure. It starts
// PostgreSQL (embedded unless DATABASE_URL is set), the emulators seeded with sample campaigns, a `demo`
// namespace wired to them, an admin API key, the gateway and a worker, runs a full sync with a live progress
// bar, and stays up for you to explore the API. Ctrl-C stops everything.
import { startAttioEmulator, startLemlistEmulator, startMixpanelEmulator, startSmartleadEmulator, type RunningEmulator } from "@full-sync/emulators";
import { startGateway } from "@full-sync/gateway";
import { startWorkerProcess } from "@full-sync/worker";
import {
  burstSliceMs,
  ConfigError,
  createApiKey,
  createLogger,
  createNamespace,
  loadConfig,
  openRuntime,
  RATE_LIMIT_POLICIES,
  REFUSED_REQUEST_POLICY,
  resolveCredentialsKey,
  updateNamespace,
  type AppConfig,
} from "@full-sync/shared";
import { describeSyncOutcome, followSync } from "@full-sync/cli";
import { startLiveIngest } from "./demo-live-ingest";

const SEED = Number(process.env.DEMO_SEED ?? 2026);
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

async function main(): Promise<void> {
  const env = { LOG_LEVEL: "warn", ...process.env };
  const loaded = loadConfig(env);
  const logger = createLogger({ level: loaded.logLevel, format: loaded.logFormat, service: "demo" });
  console.log(bold("Full Sync demo"));
  // Owns the database (and an embedded PostgreSQL) for the whole demo; its Prisma client writes the demo's setup.
  const database = await openRuntime({ config: loaded, logger, service: "demo", poolMax: 2, prisma: true });
  console.log(`  database   ${database.embedded ? `embedded PostgreSQL under ${database.dataDir}` : "DATABASE_URL"}`);

  const emulators: RunningEmulator[] = [
    await startSmartleadEmulator({ seed: SEED, campaigns: 5, leadsPerCampaign: 60 }),
    await startLemlistEmulator({ seed: SEED, campaigns: 4, leadsPerCampaign: 60 }),
  ];
  const [smartlead, lemlist] = emulators as [RunningEmulator, RunningEmulator];
  for (const emulator of emulators) console.log(`  emulator   ${emulator.platform.padEnd(9)} ${emulator.baseUrl}`);
  // The destinations: the sync fans its events out to Mixpanel and its people to Attio.
  const mixpanel = await startMixpanelEmulator({});
  const attio = await startAttioEmulator({ seed: SEED });
  console.log(`  emulator   mixpanel  ${mixpanel.baseUrl}   (events: ${mixpanel.controlUrl}/events)`);
  console.log(`  emulator   attio     ${attio.baseUrl}   (people: ${attio.controlUrl}/people)`);

  const config: AppConfig = {
    ...loaded,
    databaseUrl: database.databaseUrl,
    smartleadBaseUrl: smartlead.baseUrl,
    lemlistBaseUrl: lemlist.baseUrl,
    attioBaseUrl: attio.baseUrl,
    mixpanelBaseUrls: { ...loaded.mixpanelBaseUrls, us: mixpanel.baseUrl },
  };
  const { prisma } = database;
  const key = resolveCredentialsKey({ config });
  const credentials = {
    smartlead: { apiKey: smartlead.apiKeys[0]! },
    lemlist: { apiKey: lemlist.apiKeys[0]! },
    mixpanel: { username: mixpanel.serviceAccount.username, secret: mixpanel.serviceAccount.secret },
    attio: { accessToken: attio.accessTokens[0]! },
  };
  const settings = { mixpanel: { projectId: String(mixpanel.projectId), region: "us" as const } };
  await createNamespace({ prisma, key, input: { name: "demo", description: "Wired to the local emulators by pnpm demo", credentials, settings } }).catch(
    async (error: { code?: string }) => {
      if (error.code !== "API_007") throw error;
      await updateNamespace({ prisma, key, name: "demo", input: { credentials, settings } });
    },
  );
  const admin = await createApiKey({ prisma, input: { name: `demo-admin-${new Date().toISOString()}`, scopes: ["*"] } });

  const gateway = await startGateway({ config, migrate: false, logger, database: { url: database.databaseUrl, embedded: database.embedded } });
  const worker = await startWorkerProcess({ databaseUrl: database.databaseUrl, config });
  console.log(`  gateway    ${gateway.url}`);
  console.log(`  admin key  ${admin.key}   (shown once; also try: pnpm fullsync apikey list)`);
  console.log();

  const executed = await fetch(`${gateway.url}/api/full-sync/execute`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.key}`, "content-type": "application/json" },
    body: JSON.stringify({ platforms: "smartlead,lemlist", syncMode: "full_historical", namespaces: "demo", batchSize: 25, enableMixpanelTracking: true, enableAttioSync: true }),
  });
  const started = (await executed.json()) as { jobId: string; estimatedDuration: string; error?: { message: string } };
  if (!executed.ok) throw new Error(`execute failed: ${started.error?.message}`);
  console.log(`Sync ${started.jobId} queued (estimated: ${started.estimatedDuration})`);
  const execute = RATE_LIMIT_POLICIES.full_sync_execute;
  console.log(
    `Budget of this key: ${execute.limit} executes per hour, at most ${execute.burst} per ${burstSliceMs(execute) / 60_000} min (${executed.headers.get("x-ratelimit-remaining")} left now, resets ${new Date(Number(executed.headers.get("x-ratelimit-reset")) * 1000).toISOString()}); ` +
      `refused requests (4xx other than 429) are given back, up to ${REFUSED_REQUEST_POLICY.limit} per hour`,
  );
  const final = await followSync({ baseUrl: gateway.url, apiKey: admin.key, jobId: started.jobId, cancelOnInterrupt: false });
  describeSyncOutcome(final).forEach((line) => console.log(line));
  await followFanOut({ baseUrl: gateway.url, apiKey: admin.key, jobId: started.jobId });
  console.log(`Mixpanel emulator holds ${mixpanel.events().length.toLocaleString("en-US")} events (after its dedup; ${mixpanel.rawImports().toLocaleString("en-US")} received)`);
  console.log(`Attio emulator holds ${attio.people().length.toLocaleString("en-US")} people, each with an engagement summary`);
  console.log();
  console.log(bold("Explore (the API stays up until Ctrl-C):"));
  console.log(`  export FULLSYNC_API_KEY=${admin.key}`);
  console.log(`  curl -s -H "Authorization: Bearer $FULLSYNC_API_KEY" ${gateway.url}/api/full-sync/status/${started.jobId}`);
  console.log(`  curl -s -H "Authorization: Bearer $FULLSYNC_API_KEY" -H 'Content-Type: application/json' \\`);
  console.log(`       -d '{"platforms":"lemlist","syncMode":"delta_since_last","namespaces":"demo"}' ${gateway.url}/api/full-sync/execute`);
  console.log(`  pnpm fullsync sync --platforms smartlead --mode delta_since_last --namespaces demo --wait --url ${gateway.url}`);
  console.log(`  curl -s -H "Authorization: Bearer $FULLSYNC_API_KEY" ${gateway.url}/api/jobs/status`);
  console.log(`  curl -s -X POST -H "Authorization: Bearer $FULLSYNC_API_KEY" ${gateway.url}/api/jobs/trigger/mixpanel_sync`);
  console.log(`  curl -s ${mixpanel.controlUrl}/events | head -c 600   curl -s ${attio.controlUrl}/people | head -c 600`);
  console.log(`  ${gateway.url}/api/openapi.json   ${gateway.url}/metrics`);
  console.log();

  // Real-time ingest: new activities are pushed to the gateway and printed as their rows land, every few seconds.
  const live = await startLiveIngest({ prisma, pool: database.pool, key, config, gatewayUrl: gateway.url, emulators, print: (line) => console.log(line) });
  await live.round(2);
  const liveTimer = setInterval(() => void live.round(1).catch(() => undefined), 5_000);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the demo...");
    clearInterval(liveTimer);
    live.stop();
    await worker.stop();
    await gateway.close();
    await Promise.all([...emulators, mixpanel, attio].map((e) => e.close()));
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  if (process.env.DEMO_EXIT_AFTER_SYNC === "1") await shutdown();
}

/**
 * Waits for the job's fan-out (drained by the worker as soon as each sync task ends), printing the status endpoint's
 * counts once a second: Attio takes its time at 25 writes a second.
 */
async function followFanOut({ baseUrl, apiKey, jobId }: { baseUrl: string; apiKey: string; jobId: string }): Promise<void> {
  type Progress = Record<string, { queued: number; exported: number; failed: number }>;
  let last = "";
  for (;;) {
    const response = await fetch(`${baseUrl}/api/full-sync/status/${jobId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (response.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
      continue;
    }
    const fanOut = ((await response.json()) as { fan_out?: Progress }).fan_out ?? {};
    const line = Object.entries(fanOut)
      .map(([destination, p]) => `${destination} ${p.exported.toLocaleString("en-US")}/${(p.exported + p.queued + p.failed).toLocaleString("en-US")}${p.failed ? ` (${p.failed} refused)` : ""}`)
      .join("   ");
    if (line !== last) console.log(`Fan-out: ${line}`);
    last = line;
    if (Object.keys(fanOut).length > 0 && Object.values(fanOut).every((p) => p.queued === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
