import { hostname } from "node:os";
import type { AppConfig, Boss, Logger, Pool } from "@full-sync/shared";
import type { EventSink } from "../sync/event-sink";
import type { SyncSource } from "../sync/sync-source";

/** What every job handler may use: one worker's pool, queue, logger and sync plumbing. */
export interface WorkerDeps {
  config: AppConfig;
  pool: Pool;
  boss: Boss;
  logger: Logger;
  workerId: string;
  webhookSecret: string;
  createSource: (options: { namespaceId: string; platform: string }) => Promise<SyncSource>;
  sink: EventSink;
  isShuttingDown: () => boolean;
  onPage?: (info: { taskId: string; campaign: string; offset: number; events: number }) => void;
}

export const defaultWorkerId = () => `${hostname()}:${process.pid}`;
