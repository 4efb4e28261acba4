import type { IngestDelivery, Namespace } from "../generated/prisma/client";
import type { NamespaceSettings } from "./namespace-schemas";

/** A namespace as every response shows it: which platforms are configured, never their secrets. */
export interface NamespaceView {
  id: string;
  name: string;
  description: string | null;
  configured_platforms: string[];
  /** Platforms with an ingest (webhook) secret; the secrets themselves are never shown. */
  ingest_platforms: string[];
  /** When the last webhook delivery was accepted, per platform (views read with the deliveries only). */
  ingest_last_delivery?: Record<string, string>;
  settings: NamespaceSettings;
  created_at: string;
  updated_at: string;
}

export function toNamespaceView(row: Namespace & { ingestDeliveries?: IngestDelivery[] }): NamespaceView {
  const view: NamespaceView = {
    id: row.id,
    name: row.name,
    description: row.description,
    configured_platforms: row.configuredPlatforms,
    ingest_platforms: row.ingestPlatforms,
    settings: (row.settings ?? {}) as NamespaceSettings,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
  if (row.ingestDeliveries) view.ingest_last_delivery = Object.fromEntries(row.ingestDeliveries.map((d) => [d.platform, d.lastDeliveryAt.toISOString()]));
  return view;
}
