import type { RunningSinkEmulator } from "../core/start-sink-emulator";

export interface MixpanelEmulatorOptions {
  /** Default 1. */
  projectId?: number;
  /** Default a key pair derived from the project id. */
  serviceAccount?: { username: string; secret: string };
  /** Default a 32-hex token derived from the project id. */
  projectToken?: string;
  /** Requests per window per project (default 100 per 1000 ms). */
  rateLimit?: { limit: number; windowMs: number };
  /** Uncompressed bytes per request before 413 (default 2097152, the documented 413 example). */
  maxBytes?: number;
  port?: number;
  host?: string;
}

export interface MixpanelEvent {
  event: string;
  properties: Record<string, unknown> & { time: number; distinct_id: string; $insert_id?: string };
}

export interface MixpanelProfile {
  $distinct_id: string;
  $properties: Record<string, unknown>;
}

export interface RunningMixpanelEmulator extends RunningSinkEmulator {
  platform: "mixpanel";
  projectId: number;
  serviceAccount: { username: string; secret: string };
  projectToken: string;
  /** Ingested events after Mixpanel's query-time dedup, in arrival order (the first copy is kept). */
  events(): MixpanelEvent[];
  /** How many events were ingested before dedup (what a raw export would return). */
  rawImports(): number;
  profiles(): MixpanelProfile[];
  /** How many times each $insert_id was received, duplicates and refused records included. */
  insertIdCounts(): Record<string, number>;
  /** The next `count` valid records are refused in a strict=1 partial 400 with `message`. */
  refuseNextRecords(count: number, message?: string): void;
}
