import type { Pool } from "@full-sync/shared";
import type { SourceCampaign } from "./sync-source";

export async function upsertCampaigns({ pool, namespaceId, platform, campaigns }: { pool: Pool; namespaceId: string; platform: string; campaigns: SourceCampaign[] }): Promise<void> {
  if (campaigns.length === 0) return;
  await pool.query(
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
