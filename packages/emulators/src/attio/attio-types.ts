import type { RunningSinkEmulator } from "../core/start-sink-emulator";

export interface AttioEmulatorOptions {
  /** Default a UUID derived from `seed`. */
  workspaceId?: string;
  /** Default "full-sync-emulator". */
  workspaceSlug?: string;
  /** Valid Bearer tokens; default one 64-hex token derived from `seed`. */
  accessTokens?: string[];
  /** Default 1; only feeds the derived ids and token. */
  seed?: number;
  /** Default 100 per 1000 ms per workspace (GET and POST .../records/query). */
  readRateLimit?: { limit: number; windowMs: number };
  /** Default 25 per 1000 ms per workspace (every other method). */
  writeRateLimit?: { limit: number; windowMs: number };
  port?: number;
  host?: string;
}

export interface AttioActor {
  type: "api-token" | "system";
  id: string | null;
}

/** One stored value in Attio's read shape (type-specific fields plus attribute_type and history fields). */
export type AttioValue = Record<string, unknown> & { attribute_type: string; active_from: string; active_until: null; created_by_actor: AttioActor };

export interface AttioRecord {
  id: { workspace_id: string; object_id: string; record_id: string };
  created_at: string;
  web_url: string;
  values: Record<string, AttioValue[]>;
}

export interface AttioAttribute {
  id: { workspace_id: string; object_id: string; attribute_id: string };
  title: string;
  description: string | null;
  api_slug: string;
  type: string;
  is_system_attribute: boolean;
  is_writable: boolean;
  is_required: boolean;
  is_unique: boolean;
  is_multiselect: boolean;
  is_default_value_enabled: boolean;
  is_archived: boolean;
  default_value: null;
  relationship: null;
  created_at: string;
  config: Record<string, unknown>;
}

export interface RunningAttioEmulator extends RunningSinkEmulator {
  platform: "attio";
  workspaceId: string;
  accessTokens: string[];
  /** People records as GET would return them, oldest first. */
  people(): AttioRecord[];
  attributes(): AttioAttribute[];
  /** Asserts of these emails answer 400 uniqueness_conflict from now on. */
  addConflictingEmails(emails: string[]): void;
}
