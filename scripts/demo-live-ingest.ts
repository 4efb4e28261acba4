// The live part of `pnpm demo`: the demo namespace's hooks registered on both emulators (as `pnpm fullsync hooks
// register` does), new activities pushed to the gateway's /ingest receivers, and each event printed as its row lands.
import type { RunningEmulator } from "@full-sync/emulators";
import { manageIngestHooks } from "@full-sync/platform-clients";
import { newestEventId, readEventsAfter, type AppConfig, type CredentialsKey, type Db, type Pool } from "@full-sync/shared";

export interface LiveIngest {
  /** One round: a few new activities on each platform, pushed; resolves when all of them are printed as stored. */
  round(perPlatform: number): Promise<void>;
  stop(): void;
}

export async function startLiveIngest(options: { prisma: Db; pool: Pool; key: CredentialsKey; config: AppConfig; gatewayUrl: string; emulators: RunningEmulator[]; print: (line: string) => void }): Promise<LiveIngest> {
  const { prisma, pool, key, config, emulators, print } = options;
  const hooks = await manageIngestHooks({ prisma, pool, key, config, namespace: "demo", action: "register", publicUrl: options.gatewayUrl });
  print(`Live ingest: ${hooks.length} webhooks registered (${[...new Set(hooks.map((h) => h.platform))].join(", ")}) -> ${options.gatewayUrl}/ingest/{platform}/demo`);
  let lastId = await newestEventId({ db: pool });
  let stopped = false;
  const tail = async (): Promise<number> => {
    const rows = await readEventsAfter({ db: pool, afterId: lastId });
    for (const row of rows) {
      const lag = (row.createdAt.getTime() - row.occurredAt.getTime()) / 1000;
      print(`  live  ${row.platform.padEnd(9)} ${row.eventType.padEnd(22)} ${row.email.padEnd(36)} stored ${lag.toFixed(1)} s after it happened`);
      lastId = row.id;
    }
    return rows.length;
  };
  return {
    async round(perPlatform) {
      const expected = emulators.reduce((sum, emulator) => sum + emulator.addActivities(perPlatform).length, 0);
      let seen = 0;
      const deadline = Date.now() + 30_000;
      while (!stopped && seen < expected && Date.now() < deadline) {
        seen += await tail();
        if (seen < expected) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop() {
      stopped = true;
    },
  };
}
