import type { CanonicalEvent } from "@full-sync/shared";
import { waitFor } from "@full-sync/testing";
import { SyncStack, truthLines } from "../e2e/support/sync-stack";
import type { TrialPlan } from "./chaos-schedule";
import { checkExports } from "./check-exports";

export interface CheckOptions {
  stack: SyncStack;
  plan: TrialPlan;
  /** `exported` syncs with enableMixpanelTracking and enableAttioSync: the destinations must equal it too. */
  namespaces: { full: string[]; range: string; decoy: string; exported: string };
  finishTimeoutMs: number;
}

/**
 * The promise under test, checked after the faults: the database equals the platforms' ground truth exactly (and
 * Mixpanel and Attio equal the database), no job or task is left running, no request was answered 500 (or not at
 * all) and no secret reached a log line.
 */
export async function checkTrial({ stack, plan, namespaces, finishTimeoutMs }: CheckOptions): Promise<{ problems: string[]; exports: string }> {
  const problems: string[] = [];
  const unfinished = async () =>
    (
      await stack.db.pool.query<{ id: string; status: string }>(
        `SELECT j.id, j.status FROM sync_jobs j
          WHERE j.finished_at IS NULL OR j.status IN ('queued', 'in_progress')
             OR EXISTS (SELECT 1 FROM sync_tasks t WHERE t.job_id = j.id AND t.status IN ('queued', 'in_progress'))`,
      )
    ).rows;
  // Decoy jobs started by the traffic may still be running: every job must end by itself.
  const stuck = await waitFor(async () => ((await unfinished()).length === 0 ? [] : undefined), { timeoutMs: finishTimeoutMs, intervalMs: 250, description: "every job to finish" }).catch(() =>
    unfinished(),
  );
  for (const job of stuck) problems.push(`job ${job.id} stuck ${job.status}`);

  const truth: CanonicalEvent[] = [...(await stack.groundTruth("smartlead")), ...(await stack.groundTruth("lemlist"))];
  const all = truthLines(truth);
  const from = Date.parse(plan.range.startDate);
  const to = Date.parse(plan.range.endDate);
  const inRange = truthLines(truth, (e) => Date.parse(e.occurredAt) >= from && Date.parse(e.occurredAt) <= to);
  for (const name of [...namespaces.full, namespaces.exported]) problems.push(...compare(name, await stack.storedEvents(await namespaceId(stack, name)), all));
  const exports = await checkExports({ stack, namespace: namespaces.exported, namespaceId: await namespaceId(stack, namespaces.exported), timeoutMs: finishTimeoutMs });
  problems.push(...exports.problems);
  problems.push(...compare(namespaces.range, await stack.storedEvents(await namespaceId(stack, namespaces.range)), inRange));
  // Decoys are cancelled at random: what they stored must be true and stored once, not complete.
  const decoy = await stack.storedEvents(await namespaceId(stack, namespaces.decoy));
  const known = new Set(all);
  const invented = decoy.filter((line) => !known.has(line));
  if (invented.length > 0) problems.push(`${namespaces.decoy}: ${invented.length} events not in the ground truth, e.g. ${invented[0]}`);
  if (new Set(decoy).size !== decoy.length) problems.push(`${namespaces.decoy}: ${decoy.length - new Set(decoy).size} duplicated events`);

  const bad = stack.responses.filter((r) => r.status === 0 || (r.status >= 500 && r.status !== 503));
  for (const r of bad.slice(0, 5)) problems.push(`answered ${r.status || "nothing"}${r.code ? ` ${r.code}` : ""} to ${r.method} ${r.path}`);
  if (bad.length > 5) problems.push(`... and ${bad.length - 5} more such answers`);

  for (const secret of stack.secrets()) {
    for (const process of stack.processes) {
      const line = process.lines.find((l) => l.includes(secret));
      if (line) problems.push(`${process.name} logged a secret (${secret.slice(0, 6)}...): ${line.slice(0, 160)}`);
    }
  }
  return { problems, exports: exports.summary };
}

async function namespaceId(stack: SyncStack, name: string): Promise<string> {
  const { rows } = await stack.db.pool.query<{ id: string }>(`SELECT id FROM namespaces WHERE name = $1`, [name]);
  if (!rows[0]) throw new Error(`namespace ${name} not found`);
  return rows[0].id;
}

function compare(name: string, stored: string[], expected: string[]): string[] {
  const want = new Map<string, number>();
  for (const line of expected) want.set(line, (want.get(line) ?? 0) + 1);
  const extra: string[] = [];
  for (const line of stored) {
    const left = want.get(line) ?? 0;
    if (left > 0) want.set(line, left - 1);
    else extra.push(line);
  }
  const missing = [...want.entries()].filter(([, n]) => n > 0).map(([line]) => line);
  if (missing.length === 0 && extra.length === 0) return [];
  return [`${name}: ${stored.length} events stored, ${expected.length} in the ground truth; ${missing.length} missing${missing[0] ? ` (e.g. ${missing[0]})` : ""}, ${extra.length} extra or duplicated${extra[0] ? ` (e.g. ${extra[0]})` : ""}`];
}
