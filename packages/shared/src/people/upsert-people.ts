import type { Pool, PoolClient } from "../db/create-pool";
import type { CanonicalPerson } from "../events/canonical-event";

export interface UpsertPeopleOptions {
  db: Pool | PoolClient;
  namespaceId: string;
  people: CanonicalPerson[];
}

/**
 * One statement per page. Known names are never erased by a record that lacks them; platform ids merge.
 * A changed person is marked pending for the Attio outbox. Returns how many distinct people the page touched.
 */
export async function upsertPeople({ db, namespaceId, people }: UpsertPeopleOptions): Promise<number> {
  const byEmail = new Map<string, CanonicalPerson>();
  for (const person of people) {
    const seen = byEmail.get(person.email);
    byEmail.set(person.email, seen ? mergePerson(seen, person) : person);
  }
  if (byEmail.size === 0) return 0;
  // E-mail order: writers upserting overlapping people (two platforms, two units of one sync, each in its page's
  // transaction) lock the rows in the same order and wait on each other instead of deadlocking.
  const rows = [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  await db.query(
    `INSERT INTO people (namespace_id, email, first_name, last_name, company_name, platform_ids)
     SELECT $1, u.email, u.first_name, u.last_name, u.company_name, u.platform_ids::jsonb
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(email, first_name, last_name, company_name, platform_ids)
     ON CONFLICT (namespace_id, email) DO UPDATE SET
       first_name = COALESCE(EXCLUDED.first_name, people.first_name),
       last_name = COALESCE(EXCLUDED.last_name, people.last_name),
       company_name = COALESCE(EXCLUDED.company_name, people.company_name),
       platform_ids = people.platform_ids || EXCLUDED.platform_ids,
       attio_status = 'pending',
       updated_at = now()
     WHERE (people.first_name, people.last_name, people.company_name, people.platform_ids)
       IS DISTINCT FROM (COALESCE(EXCLUDED.first_name, people.first_name), COALESCE(EXCLUDED.last_name, people.last_name),
                         COALESCE(EXCLUDED.company_name, people.company_name), people.platform_ids || EXCLUDED.platform_ids)`,
    [
      namespaceId,
      rows.map((p) => p.email),
      rows.map((p) => p.firstName ?? null),
      rows.map((p) => p.lastName ?? null),
      rows.map((p) => p.companyName ?? null),
      rows.map((p) => JSON.stringify(p.platformIds ?? {})),
    ],
  );
  return rows.length;
}

function mergePerson(a: CanonicalPerson, b: CanonicalPerson): CanonicalPerson {
  return {
    email: a.email,
    firstName: b.firstName ?? a.firstName,
    lastName: b.lastName ?? a.lastName,
    companyName: b.companyName ?? a.companyName,
    platformIds: { ...a.platformIds, ...b.platformIds },
  };
}
