import {
  analyzeEventsIfUnstudied,
  claimSyncUnit,
  countOpenSyncUnits,
  isInWindow,
  readSyncTaskControl,
  settleSyncUnit,
  writeSyncPage,
  type AppConfig,
  type ClaimedSyncTask,
  type ClaimedSyncUnit,
} from "@full-sync/shared";
import type { WorkerDeps } from "../jobs/worker-deps";
import type { SourcePage, SyncSource, SyncWindow } from "./sync-source";
import { TaskInterrupted } from "./task-interrupted";

export const DEFAULT_SYNC_UNITS: AppConfig["syncUnits"] = { minItems: 1000, helpers: 3, staleSeconds: 15 };

export interface RunSyncUnitsOptions extends Pick<WorkerDeps, "pool" | "workerId" | "sink" | "onPage"> {
  isShuttingDown: () => boolean;
  signal?: AbortSignal;
  units?: AppConfig["syncUnits"];
}

/**
 * owner: the task's runner (its claimed attempt); it stays until every unit is completed (waiting out units other
 * workers hold, taking over any whose worker died) so that it can complete the task. helper: a worker invited to
 * help; it leaves when nothing is left to claim.
 */
export type UnitRole = "owner" | "helper";

/** Databases (by pool) known to have planner statistics on `events`: asked after pages until they do. */
const studied = new WeakSet<object>();

/** How often an owner whose remaining units other workers hold looks whether they are done (or stale). */
const TAIL_POLL_MS = 100;

/** Claims and runs the task's units one after another until none is left for this role. */
export async function runSyncUnits(options: RunSyncUnitsOptions, task: ClaimedSyncTask, source: SyncSource, window: SyncWindow, role: UnitRole): Promise<void> {
  const { pool, workerId } = options;
  const staleAfterMs = (options.units ?? DEFAULT_SYNC_UNITS).staleSeconds * 1000;
  for (;;) {
    await stopIfAsked(options, task, role);
    const unit = await claimSyncUnit({ db: pool, taskId: task.id, workerId, staleAfterMs });
    if (unit) {
      await runUnit(options, task, source, window, role, unit, staleAfterMs);
      continue;
    }
    if (role === "helper" || (await countOpenSyncUnits({ db: pool, taskId: task.id })) === 0) return;
    // The tail: other workers hold the last units. Look again shortly (the task completes only when the owner sees
    // them done, so a long pause here is time the whole job waits); a dead worker's unit goes stale and is ours.
    await new Promise((resolve) => setTimeout(resolve, Math.min(TAIL_POLL_MS, staleAfterMs / 5)));
  }
}

async function runUnit(options: RunSyncUnitsOptions, task: ClaimedSyncTask, source: SyncSource, window: SyncWindow, role: UnitRole, unit: ClaimedSyncUnit, staleAfterMs: number): Promise<void> {
  const { pool } = options;
  // Beats while this process lives, whatever a page waits on (rate limits, retries): staleness means a dead worker.
  const beat = setInterval(() => void settleSyncUnit({ db: pool, unit, action: "beat" }).catch(() => undefined), staleAfterMs / 3);
  let settled = false;
  try {
    for (let index = unit.campaign_index; index < unit.campaign_ids.length; index++) {
      const startOffset = index === unit.campaign_index ? unit.page_offset : 0;
      // Another attempt holds the unit now (we were presumed dead): leave it to them.
      if (!(await syncCampaign(options, task, source, window, role, unit, index, startOffset))) return;
    }
    settled = true;
    await settleSyncUnit({ db: pool, unit, action: "complete" });
  } finally {
    clearInterval(beat);
    // Interrupted or failed: hand the unit back now, from its checkpoint, rather than after it goes stale.
    if (!settled) await settleSyncUnit({ db: pool, unit, action: "release" }).catch(() => undefined);
  }
}

/** One campaign of a unit from `startOffset`. False when the unit was taken over by another attempt. */
async function syncCampaign(
  options: RunSyncUnitsOptions,
  task: ClaimedSyncTask,
  source: SyncSource,
  window: SyncWindow,
  role: UnitRole,
  unit: ClaimedSyncUnit,
  campaignIndex: number,
  startOffset: number,
): Promise<boolean> {
  const campaign = unit.campaign_ids[campaignIndex]!;
  const pages = source.pages({ campaign: { externalId: campaign, name: null, status: null, raw: null }, startOffset, window, pageSize: task.batch_size });
  // The next page is fetched while this one is stored: one page in flight beside the one being written, so
  // memory stays flat. The fetch may be abandoned (cancel, failure): its rejection is observed here so that it
  // is not reported as unhandled, and still rethrown where the page is awaited.
  const fetchNext = () => {
    const fetching = pages.next();
    fetching.catch(() => undefined);
    return fetching;
  };
  await stopIfAsked(options, task, role); // before every fetch: a cancel never waits for another page
  let fetching = fetchNext();
  // Small pages (Lemlist's 100 activities) are written together until they hold `batchSize` events: one
  // transaction for the group, with the checkpoint past its last page. Unwritten pages are simply fetched again.
  let group: SourcePage[] = [];
  let grouped = 0;
  for (;;) {
    const next = await fetching;
    if (next.done) {
      if (group.length > 0 && !(await writePages(options, task, window, unit, campaignIndex, group))) return false;
      return true;
    }
    const page = next.value;
    if (!page.done) {
      await stopIfAsked(options, task, role);
      fetching = fetchNext();
    }
    group.push(page);
    grouped += page.events.length;
    if (page.done || grouped >= task.batch_size) {
      if (!(await writePages(options, task, window, unit, campaignIndex, group))) return false;
      group = [];
      grouped = 0;
    }
    if (page.done) return true;
  }
}

/** Writes consecutive pages of one campaign in one transaction. False when the unit was taken over. */
async function writePages(options: RunSyncUnitsOptions, task: ClaimedSyncTask, window: SyncWindow, unit: ClaimedSyncUnit, campaignIndex: number, pages: SourcePage[]): Promise<boolean> {
  const last = pages[pages.length - 1]!;
  const all = pages.length === 1 ? last : { events: pages.flatMap((p) => p.events), people: pages.flatMap((p) => p.people), rejected: pages.flatMap((p) => p.rejected) };
  // date_range keeps exactly its range; other modes keep all they are given.
  const events = task.sync_mode === "date_range" ? all.events.filter((e) => isInWindow(e.occurredAt, window)) : all.events;
  const keyed = options.sink.key({ namespace: task.namespace, events });
  // Events, people, outbox rows and the unit's checkpoint past them: one transaction, all of the pages or none.
  const written = await writeSyncPage({
    pool: options.pool,
    task,
    unit,
    checkpoint: last.done ? { campaignIndex: campaignIndex + 1, offset: 0 } : { campaignIndex, offset: last.nextOffset },
    events: keyed.keyed,
    people: all.people,
    fanOut: task.fan_out,
    pages: pages.length,
    items: pages.reduce((sum, p) => sum + p.items, 0),
    errors: all.rejected.length + keyed.invalid.length,
    firstError: all.rejected[0]?.reason ?? keyed.invalid[0]?.reason ?? null,
    keyCounts: keyed.counts,
    instance: keyed.instance,
  });
  if (!written.recorded) return false;
  if (!studied.has(options.pool) && (await analyzeEventsIfUnstudied({ db: options.pool }))) studied.add(options.pool);
  await options.onPage?.({ taskId: task.id, campaign: unit.campaign_ids[campaignIndex]!, offset: last.offset, events: written.inserted });
  return true;
}

/** Before every fetch: was the job cancelled, is the task still ours (owner) or still running (helper), do we stop. */
export async function stopIfAsked(options: Pick<RunSyncUnitsOptions, "pool" | "signal" | "isShuttingDown">, task: ClaimedSyncTask, role: UnitRole): Promise<void> {
  if (options.signal?.aborted) throw new TaskInterrupted("superseded");
  const control = await readSyncTaskControl({ db: options.pool, task });
  if (control.cancelRequested) throw new TaskInterrupted("cancelled");
  if (!(role === "owner" ? control.owned : control.running)) throw new TaskInterrupted("superseded");
  if (options.isShuttingDown()) throw new TaskInterrupted("shutdown");
}
