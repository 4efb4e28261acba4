import { mixpanelEventName } from "@full-sync/shared";
import { waitFor } from "@full-sync/testing";
import type { SyncStack } from "../e2e/support/sync-stack";

interface MixpanelEvent {
  event: string;
  properties: { time: number; distinct_id: string; $insert_id: string; namespace: string };
}
interface AttioPerson {
  values: Record<string, { value?: unknown; email_address?: string }[]>;
}

// The summary the database holds for each person of the namespace, computed here on its own (not with the
// exporter's query): counts per type and the instants Attio shows.
const SUMMARIES = `
SELECT p.email,
       count(e.id)::int AS fullsync_events_total,
       count(e.id) FILTER (WHERE e.event_type = 'email_sent')::int AS fullsync_emails_sent,
       count(e.id) FILTER (WHERE e.event_type = 'email_opened')::int AS fullsync_emails_opened,
       count(e.id) FILTER (WHERE e.event_type = 'email_clicked')::int AS fullsync_emails_clicked,
       count(e.id) FILTER (WHERE e.event_type = 'email_replied')::int AS fullsync_emails_replied,
       count(e.id) FILTER (WHERE e.event_type = 'email_bounced')::int AS fullsync_emails_bounced,
       count(e.id) FILTER (WHERE e.event_type = 'email_unsubscribed')::int AS fullsync_unsubscribed,
       min(e.occurred_at) FILTER (WHERE e.event_type = 'email_sent') AS fullsync_first_contacted_at,
       max(e.occurred_at) FILTER (WHERE e.event_type = 'email_sent') AS fullsync_last_contacted_at,
       max(e.occurred_at) FILTER (WHERE e.event_type = 'email_opened') AS fullsync_last_opened_at,
       max(e.occurred_at) FILTER (WHERE e.event_type = 'email_clicked') AS fullsync_last_clicked_at,
       max(e.occurred_at) FILTER (WHERE e.event_type = 'email_replied') AS fullsync_last_replied_at
  FROM people p LEFT JOIN events e ON e.namespace_id = p.namespace_id AND e.email = p.email
 WHERE p.namespace_id = $1
 GROUP BY p.email`;

const outboxState = async (stack: SyncStack, namespaceId: string) =>
  (
    await stack.db.pool.query<{ destination: string; status: string; n: number; last_error: string | null }>(
      `SELECT destination, status, count(*)::int AS n, max(last_error) AS last_error FROM fanout_outbox WHERE namespace_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [namespaceId],
    )
  ).rows;

/**
 * The destinations against the database, once the namespace's outbox has drained by itself: Mixpanel's
 * deduplicated view holds each stored event exactly once by its (event, distinct_id, time, $insert_id) and nothing
 * else, and Attio holds each person of the namespace with the database's engagement summary.
 */
export async function checkExports({ stack, namespace, namespaceId, timeoutMs }: { stack: SyncStack; namespace: string; namespaceId: string; timeoutMs: number }): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  const drained = await waitFor(async () => ((await outboxState(stack, namespaceId)).some((row) => row.status === "pending") ? undefined : true), {
    timeoutMs,
    intervalMs: 500,
    description: `${namespace}'s outbox to drain`,
  }).catch(() => false);
  const state = await outboxState(stack, namespaceId);
  if (!drained) problems.push(`${namespace}: outbox not drained within ${timeoutMs / 1000} s: ${state.map((r) => `${r.destination} ${r.status} ${r.n}${r.last_error ? ` (${r.last_error.slice(0, 120)})` : ""}`).join(", ")}`);
  for (const row of state.filter((r) => r.status === "failed")) problems.push(`${namespace}: ${row.n} ${row.destination} outbox rows failed: ${row.last_error?.slice(0, 160)}`);
  if (!state.some((row) => row.destination === "mixpanel") || !state.some((row) => row.destination === "attio")) {
    problems.push(`${namespace}: nothing was queued for Mixpanel and Attio (outbox: ${JSON.stringify(state)})`);
  }

  const { rows: stored } = await stack.db.pool.query<{ event_type: string; email: string; ms: number; insert_id: string }>(
    `SELECT event_type, email, (extract(epoch FROM occurred_at) * 1000)::bigint AS ms, mixpanel_insert_id AS insert_id FROM events WHERE namespace_id = $1`,
    [namespaceId],
  );
  const identity = (event: string, distinctId: string, time: number, insertId: string) => `${event}|${distinctId}|${time}|${insertId}`;
  const expected = stored.map((e) => identity(mixpanelEventName(e.event_type), e.email, Number(e.ms), e.insert_id)).sort();
  const received = (await stack.control<MixpanelEvent[]>("mixpanel", "GET", "/events")).map((e) => ({ namespace: e.properties.namespace, id: identity(e.event, e.properties.distinct_id, e.properties.time, e.properties.$insert_id) }));
  const foreign = received.filter((e) => e.namespace !== namespace);
  if (foreign.length > 0) problems.push(`mixpanel: ${foreign.length} events of other namespaces (${foreign[0]!.namespace}), only ${namespace} exports`);
  const mine = received.filter((e) => e.namespace === namespace).map((e) => e.id);
  const counts = new Map<string, number>();
  for (const id of mine) counts.set(id, (counts.get(id) ?? 0) + 1);
  const missing = expected.filter((id) => !counts.has(id));
  const want = new Set(expected);
  const extra = mine.filter((id) => !want.has(id));
  const twice = [...counts].filter(([, n]) => n > 1);
  if (missing.length > 0 || extra.length > 0 || twice.length > 0 || new Set(expected).size !== expected.length) {
    problems.push(
      `mixpanel: ${mine.length} events after dedup, ${expected.length} stored; ${missing.length} missing${missing[0] ? ` (e.g. ${missing[0]})` : ""}, ${extra.length} not stored${extra[0] ? ` (e.g. ${extra[0]})` : ""}, ${twice.length} more than once`,
    );
  }

  const { rows: summaries } = await stack.db.pool.query<Record<string, unknown> & { email: string }>(SUMMARIES, [namespaceId]);
  const people = await stack.control<AttioPerson[]>("attio", "GET", "/people");
  const byEmail = new Map(people.map((person) => [person.values.email_addresses?.[0]?.email_address, person]));
  const differences: string[] = [];
  for (const row of summaries) {
    const person = byEmail.get(row.email);
    if (!person) {
      differences.push(`${row.email} missing`);
      continue;
    }
    for (const [slug, want] of Object.entries(row)) {
      if (slug === "email") continue;
      const raw = person.values[slug]?.[0]?.value ?? null;
      const got = want instanceof Date ? (raw === null ? null : new Date(String(raw)).toISOString()) : raw;
      const expectedValue = want instanceof Date ? want.toISOString() : want === null ? null : want;
      if (got !== expectedValue) differences.push(`${row.email} ${slug}: attio ${String(got)}, database ${String(expectedValue)}`);
    }
  }
  if (people.length !== summaries.length) differences.push(`attio holds ${people.length} people, the namespace ${summaries.length}`);
  if (differences.length > 0) problems.push(`attio: ${differences.length} differences from the database, e.g. ${differences.slice(0, 3).join("; ")}`);
  // How much went out more than once (resent after a kill or a lost answer) and was dropped by Mixpanel's dedup.
  const receipts = Object.values(await stack.control<Record<string, number>>("mixpanel", "GET", "/insert-id-counts"));
  const resent = receipts.reduce((sum, n) => sum + n, 0) - receipts.length;
  return { problems, summary: `exports: mixpanel ${mine.length} events (${resent} resends deduplicated), attio ${people.length} people` };
}
