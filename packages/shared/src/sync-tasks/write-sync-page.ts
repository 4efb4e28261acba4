import { withTransaction, type Pool } from "../db/create-pool";
import type { EventKeyCountsWithTiming } from "../event-keys/event-key-types";
import { dropKnownSmartleadEvents } from "../event-store/drop-known-smartlead-events";
import type { KeyedEvent } from "../event-store/keyed-event";
import { storeEvents } from "../event-store/store-events";
import type { CanonicalPerson } from "../events/canonical-event";
import { enqueueFanOut } from "../fan-out/enqueue-fan-out";
import { upsertPeople } from "../people/upsert-people";
import { recordSyncTaskPage } from "./record-sync-task-page";
import type { UnitAttempt, UnitCheckpoint } from "./sync-unit-types";

export interface WriteSyncPageOptions {
  pool: Pool;
  task: { job_id: string; namespace_id: string };
  /** The unit the page belongs to, as this attempt holds it, and its checkpoint past this page. */
  unit: UnitAttempt;
  checkpoint: UnitCheckpoint;
  /** The page's events, keyed (invalid ones already set aside and counted in `errors`). */
  events: KeyedEvent[];
  people: CanonicalPerson[];
  /** False when neither the job nor the namespace exports anywhere: the outbox statements are skipped. */
  fanOut: boolean;
  /** Platform pages written together (consecutive pages of one campaign), their records, and records rejected
   * before storing (with the first reason). */
  pages?: number;
  items: number;
  errors: number;
  firstError: string | null;
  /** What the key engine counted while keying this page, and the instance it reports as. */
  keyCounts: EventKeyCountsWithTiming;
  instance: string;
}

export interface WrittenSyncPage {
  /** False: another attempt holds the unit now (or the task ended); nothing of the page was written. */
  recorded: boolean;
  inserted: number;
  duplicates: number;
  collisions: number;
  people: number;
}

/** A deadlock or serialization failure rolls the page back whole; running it again is safe (every write is keyed). */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

/**
 * Writes one page in one transaction: its events (exactly once, by key), its people, the fan-out outbox rows
 * when the job exports, and the checkpoint past it with its counters, bulk-write sample and key counters. A crash
 * or a superseded attempt leaves nothing of the page; a committed page has all of it. About four round trips
 * and one commit per page, where separate statements cost seven commits.
 */
export async function writeSyncPage(options: WriteSyncPageOptions): Promise<WrittenSyncPage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(options);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? "")) throw error;
    }
  }
}

class Superseded extends Error {}

async function writeOnce(options: WriteSyncPageOptions): Promise<WrittenSyncPage> {
  const { pool, task, events, keyCounts } = options;
  try {
    return await withTransaction(pool, async (client) => {
      const started = performance.now();
      const known = await dropKnownSmartleadEvents({ db: client, namespaceId: task.namespace_id, events });
      const stored = await storeEvents({ pool: client, namespaceId: task.namespace_id, syncJobId: task.job_id, events: known.events, concurrency: 1, recordSample: false });
      const durationMs = performance.now() - started;
      const people = await upsertPeople({ db: client, namespaceId: task.namespace_id, people: options.people });
      // Before the checkpoint moves, in the same transaction: a page is queued for export exactly when it is stored.
      if (options.fanOut) {
        // A Smartlead event already stored under another key (pushed first by the webhook) is still this page's to queue.
        const eventKeys = [...stored.finalKeys, ...known.knownKeys];
        await enqueueFanOut({ db: client, jobId: task.job_id, namespaceId: task.namespace_id, eventKeys, emails: options.people.map((p) => p.email) });
      }
      const duplicates = stored.duplicates + known.dropped;
      const recorded = await recordSyncTaskPage({
        db: client,
        unit: options.unit,
        checkpoint: options.checkpoint,
        page: { pages: options.pages ?? 1, items: options.items, eventsCreated: stored.inserted, people, errors: options.errors, firstError: options.firstError },
        measured: {
          sample: { rows: known.events.length, inserted: stored.inserted, durationMs },
          keyCounts: { ...keyCounts, collisions: keyCounts.collisions + stored.collisions, duplicates: keyCounts.duplicates + duplicates },
          instance: options.instance,
        },
      });
      if (!recorded) throw new Superseded();
      return { recorded: true, inserted: stored.inserted, duplicates, collisions: stored.collisions, people };
    });
  } catch (error) {
    if (error instanceof Superseded) return { recorded: false, inserted: 0, duplicates: 0, collisions: 0, people: 0 };
    throw error;
  }
}
