import type { AttioRecord } from "@full-sync/emulators";
import type { TestDatabase } from "@full-sync/testing";
import { useFanOutFixture, type FanOutFixture } from "./fan-out-fixture";

interface EventRow {
  email: string;
  event_type: string;
  occurred_at: Date;
}

/** The summary Attio should hold for one person, computed here from the stored events (not with the product's SQL). */
function expectedSummary(events: EventRow[]): Record<string, string | number | null> {
  const times = (type: string) => events.filter((e) => e.event_type === type).map((e) => e.occurred_at.getTime()).sort((a, b) => a - b);
  const last = (type: string) => {
    const all = times(type);
    return all.length > 0 ? new Date(all[all.length - 1]!).toISOString() : null;
  };
  const first = (type: string) => {
    const all = times(type);
    return all.length > 0 ? new Date(all[0]!).toISOString() : null;
  };
  return {
    fullsync_first_contacted_at: first("email_sent"),
    fullsync_last_contacted_at: last("email_sent"),
    fullsync_last_opened_at: last("email_opened"),
    fullsync_last_replied_at: last("email_replied"),
    fullsync_emails_sent: times("email_sent").length,
    fullsync_emails_opened: times("email_opened").length,
    fullsync_emails_replied: times("email_replied").length,
    fullsync_events_total: events.length,
  };
}

/** One attribute's value as Attio reads it back (timestamps with 9 fractional digits, compared as instants). */
function read(record: AttioRecord, slug: string): string | number | null {
  const value = record.values[slug]?.[0] as { value?: unknown } | undefined;
  if (value?.value === undefined) return null;
  if (typeof value.value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value.value)) return new Date(value.value).toISOString();
  return value.value as string | number;
}

const emailOf = (record: AttioRecord) => String((record.values.email_addresses?.[0] as { email_address?: string } | undefined)?.email_address);

describe("Attio sync from the outbox (real database, emulators and clients)", () => {
  const fixture = useFanOutFixture();
  let fx: FanOutFixture;
  let db: TestDatabase;
  beforeAll(() => {
    ({ fx, db } = fixture);
  });
  afterEach(() => fx.attio.clearFaults());

  it("when a job with enableAttioSync is drained, then Attio holds every person of the job with name, company and an engagement summary equal to the database's", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableAttioSync: true });
    const people = await db.pool.query<{ email: string; first_name: string | null; last_name: string | null; company_name: string | null }>(
      `SELECT email, first_name, last_name, company_name FROM people WHERE namespace_id = $1 ORDER BY email`,
      [namespace.id],
    );
    expect(people.rows.length).toBeGreaterThan(5);
    expect(await fx.outbox(jobId, "attio")).toEqual({ pending: people.rows.length });

    await fx.drainAttio();
    const events = await db.pool.query<EventRow>(`SELECT email, event_type, occurred_at FROM events WHERE namespace_id = $1`, [namespace.id]);
    const records = new Map(fx.attio.people().map((record) => [emailOf(record), record]));
    for (const person of people.rows) {
      const record = records.get(person.email);
      expect(record).toBeDefined();
      const summary = expectedSummary(events.rows.filter((e) => e.email === person.email));
      for (const [slug, value] of Object.entries(summary)) expect([person.email, slug, read(record!, slug)]).toEqual([person.email, slug, value]);
      expect(read(record!, "fullsync_company")).toBe(person.company_name);
      if (person.first_name) expect((record!.values.name?.[0] as { first_name?: string }).first_name).toBe(person.first_name);
    }
    expect(await fx.outbox(jobId, "attio")).toEqual({ sent: people.rows.length });
    const synced = await db.pool.query(`SELECT count(*)::int AS n FROM people WHERE namespace_id = $1 AND attio_status = 'synced' AND attio_record_id IS NOT NULL`, [namespace.id]);
    expect(synced.rows[0].n).toBe(people.rows.length);
    // The summary attributes were created once for the workspace.
    expect(fx.attio.attributes().filter((attribute) => attribute.api_slug.startsWith("fullsync_"))).toHaveLength(14);
  });

  it("when Attio answers 429 with an HTTP-date Retry-After, then the write is retried after that date and the person arrives", async () => {
    const namespace = await fx.namespace();
    await fx.sync(namespace, { enableAttioSync: true });
    await db.pool.query(`UPDATE fanout_outbox SET status = 'sent' WHERE destination = 'attio' AND namespace_id <> $1 AND status = 'pending'`, [namespace.id]);
    fx.attio.resetStats();
    fx.attio.setFaults({ rateLimitBurst: { count: 1, retryAfter: "date" } });
    const summary = await fx.drainAttio({ env: { FANOUT_RETRY_BASE_MS: "1" } });
    const stats = fx.attio.stats();
    expect(stats.injectedFaults).toBe(1);
    expect(summary.retried).toBe(0);
    // The 429 asked for the next whole second at least one second on: the retry did not come earlier.
    const [refused, retried] = stats.requestTimes;
    expect(retried! - refused!).toBeGreaterThanOrEqual(950);
    expect(fx.attio.people().map(emailOf)).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it("when Attio refuses a person (uniqueness_conflict), then the reason is recorded on the person and the assert is not retried", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableAttioSync: true });
    const victim = (await db.pool.query<{ email: string }>(`SELECT email FROM people WHERE namespace_id = $1 ORDER BY email LIMIT 1`, [namespace.id])).rows[0]!.email;
    fx.attio.addConflictingEmails([victim]);
    const summary = await fx.drainAttio();
    expect(summary.refused).toBe(1);
    const person = await db.pool.query(`SELECT attio_status, attio_error FROM people WHERE namespace_id = $1 AND email = $2`, [namespace.id, victim]);
    expect(person.rows[0].attio_status).toBe("failed");
    expect(person.rows[0].attio_error).toMatch(/^uniqueness_conflict: The value ".+" provided for attribute "email_addresses" already exists/);
    const before = fx.attio.stats().requests;
    expect((await fx.drainAttio()).batches).toBe(0);
    expect(fx.attio.stats().requests).toBe(before);
    expect((await fx.outbox(jobId, "attio")).failed).toBe(1);
  });

  it("when Attio answers slowly, then the next write leaves when its slot comes, before the previous answer, and every person still arrives once", async () => {
    const namespace = await fx.namespace();
    const jobId = await fx.sync(namespace, { enableAttioSync: true });
    await db.pool.query(`UPDATE fanout_outbox SET status = 'sent' WHERE destination = 'attio' AND namespace_id <> $1 AND status = 'pending'`, [namespace.id]);
    const people = (await fx.outbox(jobId, "attio")).pending!;
    fx.attio.resetStats();
    // Each answer takes 1.5 s: one write after another would put 1.5 s between arrivals.
    fx.attio.setFaults({ slowMs: 1_500 });
    const summary = await fx.drainAttio();
    // (An e-mail an earlier test made conflicting is refused again: answered, not retried.)
    expect(summary.sent + summary.refused).toBe(people);
    expect(summary.retried).toBe(0);
    const writes = Object.entries(fx.attio.stats().requestTimesByBudget).find(([budget]) => budget.endsWith(":write"))![1].sort((a, b) => a - b);
    expect(writes).toHaveLength(people);
    const gaps = writes.slice(1).map((time, index) => time - writes[index]!);
    expect(gaps.filter((gap) => gap < 1_000).length).toBeGreaterThan(0);
    expect(fx.attio.stats().rateLimited).toBe(0);
    expect((await fx.outbox(jobId, "attio")).pending).toBeUndefined();
  });
});
