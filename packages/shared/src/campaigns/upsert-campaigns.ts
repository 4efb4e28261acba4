import type { Pool } from "../db/create-pool";

/** A campaign as a source platform lists it. */
export interface SourceCampaign {
  externalId: string;
  name: string | null;
  status: string | null;
  raw: unknown;
}

/** One statement for a platform's whole campaign list; a known campaign gets its current name and status. */
export async function upsertCampaigns({ db, namespaceId, platform, campaigns }: { db: Pool; namespaceId: string; platform: string; campaigns: SourceCampaign[] }): Promise<void> {
  if (campaigns.length === 0) return;
  await db.query(
    `INSERT INTO campaigns (namespace_id, platform, external_id, name, status, raw)
     SELECT $1, $2, u.external_id, u.name, u.status, u.raw::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS u(external_id, name, status, raw)
     ON CONFLICT (namespace_id, platform, external_id) DO UPDATE
       SET name = EXCLUDED.name, status = EXCLUDED.status, raw = EXCLUDED.raw, updated_at = now()`,
    [
      namespaceId,
      platform,
      campaigns.map((c) => c.externalId),
      campaigns.map((c) => c.name),
      campaigns.map((c) => c.status),
      campaigns.map((c) => JSON.stringify(c.raw ?? {})),
    ],
  );
}
