import { hostname } from "node:os";
import type { AppConfig, Boss, Logger, Pool } from "@full-sync/shared";
import type { DestinationFactories } from "../fan-out/create-destination-factories";
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
  /** Mixpanel and Attio clients per namespace (from its credentials). */
  destinations: DestinationFactories;
  /** Namespaces whose Attio workspace is known to have the summary attributes (checked once per worker). */
  attioAttributesReady: Set<string>;
  isShuttingDown: () => boolean;
  /** Called after each stored page (awaited: a test may act between pages). */
  onPage?: (info: { taskId: string; campaign: string; offset: number; events: number }) => void | Promise<void>;
}

export const defaultWorkerId = () => `${hostname()}:${process.pid}`;
