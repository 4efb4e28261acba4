import type { Namespace } from "../generated/prisma/client";
import type { NamespaceSettings } from "./namespace-schemas";

/** A namespace as every response shows it: which platforms are configured, never their secrets. */
export interface NamespaceView {
  id: string;
  name: string;
  description: string | null;
  configured_platforms: string[];
  settings: NamespaceSettings;
  created_at: string;
  updated_at: string;
}

export function toNamespaceView(row: Namespace): NamespaceView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    configured_platforms: row.configuredPlatforms,
    settings: (row.settings ?? {}) as NamespaceSettings,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
