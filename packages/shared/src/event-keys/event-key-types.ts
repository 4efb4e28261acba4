import type { Platform } from "../events/canonical-event";

/** What a caller sends: the contract's field names; ids may be numbers (123 and "123" are the same id). */
export interface EventKeyInput {
  platform: unknown;
  campaignId: unknown;
  eventType: unknown;
  email: unknown;
  activityId?: unknown;
  /** ISO 8601 string (any offset), a Date, or epoch milliseconds. */
  timestamp?: unknown;
  /** Defaults to "default". */
  namespace?: unknown;
}

/** The normalised input that the fingerprint covers, field for field. */
export interface CanonicalKeyInput {
  namespace: string;
  platform: Platform;
  campaignId: string;
  eventType: string;
  email: string;
  activityId: string | null;
  /** ISO 8601 UTC with milliseconds, or null when the input had no timestamp. */
  timestamp: string | null;
  timestampMs: number | null;
}

export type KeyInputReason =
  | "missing_field"
  | "invalid_type"
  | "unknown_platform"
  | "invalid_event_type"
  | "malformed_email"
  | "invalid_timestamp"
  | "unsafe_characters";

export interface KeyInputRejection {
  ok: false;
  reason: KeyInputReason;
  field: keyof EventKeyInput;
  message: string;
}

export interface GeneratedEventKey {
  ok: true;
  key: string;
  /** sha256 hex (or the injected hash) of the full canonical input. */
  fingerprint: string;
  mixpanelInsertId: string;
  fallbackUsed: boolean;
  canonical: CanonicalKeyInput;
}

export type GenerateResult = GeneratedEventKey | KeyInputRejection;

/** In-process counters of one engine since it was created (or since the last drain, for `drainCounts`). */
export interface EventKeyCounts {
  generated: number;
  collisions: number;
  fallbackUsed: number;
  invalid: number;
  duplicates: number;
}

export interface EventKeyCountsWithTiming extends EventKeyCounts {
  /** Keys whose generation time is in `nanos` (batches and resolutions are timed; bare `generate` is not). */
  keys: number;
  nanos: number;
}
