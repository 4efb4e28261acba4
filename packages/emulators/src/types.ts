import type { HookFaults, HookStats } from "./core/hook-dispatcher";
import type { CanonicalEvent, CanonicalPerson } from "@full-sync/shared";

export interface FaultConfig {
  /** The next N requests get 429 (counted as injected, not as rate limited). */
  rateLimitBurst?: { count: number; retryAfter?: "seconds" | "date" | "none" };
  /** The next N requests get a 5xx (default 500; 502 and 503 too). */
  serverErrors?: { count: number; status?: number };
  /** Latency added to every response. */
  slowMs?: number;
  /**
   * Every API request waits (after the rate limit, before other faults) until faults are replaced without
   * `hold` or cleared: a test can keep a sync running for exactly as long as it needs, without guessing a delay.
   */
  hold?: boolean;
  /** The next N requests never get an answer, so the client times out. */
  timeouts?: { count: number };
  /** The next N requests have their socket destroyed. */
  connectionResets?: { count: number };
  /** The next N requests get 200 with a truncated JSON body. */
  malformed?: { count: number };
  /** The next N list pages also carry up to 3 items of the previous page. */
  repeatItems?: { count: number };
}

export interface EmulatorStats {
  /** Every request received on the API (control endpoints excluded). */
  requests: number;
  /** 429s caused by exceeding the configured limit (NOT the injected ones). */
  rateLimited: number;
  injectedFaults: number;
  /** e.g. "GET /campaigns/:id/statistics": 12 (path without the API prefix). */
  byRoute: Record<string, number>;
  /** Epoch ms of every authenticated request, for rate measurements. */
  requestTimes: number[];
  /** The same per rate-limit budget (the API key; Attio: `<workspace>:read` and `<workspace>:write`). */
  requestTimesByBudget: Record<string, number[]>;
}

export interface RunningEmulator {
  platform: "smartlead" | "lemlist";
  /** http://127.0.0.1:<port>/api/v1 (smartlead) or http://127.0.0.1:<port>/api (lemlist). */
  baseUrl: string;
  /** http://127.0.0.1:<port>/__control (unauthenticated test control). */
  controlUrl: string;
  apiKeys: string[];
  groundTruth(): CanonicalEvent[];
  people(): CanonicalPerson[];
  /** New activities now; each is also delivered to the registered webhooks (see setHookFaults). */
  addActivities(count: number): CanonicalEvent[];
  setHookFaults(faults: HookFaults): void;
  hookStats(): HookStats;
  /** Resolves when every webhook delivery so far has been answered. */
  flushHooks(): Promise<void>;
  setFaults(faults: FaultConfig): void;
  clearFaults(): void;
  stats(): EmulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  /** Deterministic data (default 1). */
  seed?: number;
  /** Default 3. */
  campaigns?: number;
  /** Default 20. */
  leadsPerCampaign?: number;
  /** Valid keys; default one key derived from the seed. */
  apiKeys?: string[];
  /** Lemlist only: keys answered with 403 "User linked to this API key is blocked". */
  blockedApiKeys?: string[];
  /**
   * Smartlead only: the most statistics rows one page returns (default 1000, the documented but UNCONFIRMED
   * maximum); a lower value plays a server that caps pages below what the client asks for.
   */
  statisticsMaxLimit?: number;
  /** Smartlead default 10 per 2000 ms; Lemlist 20 per 2000 ms. */
  rateLimit?: { limit: number; windowMs: number };
  /**
   * Smartlead only: an account-wide `secret_key` sent in every webhook delivery, whatever registration passed (the
   * other possible origin of Smartlead's secret_key, UNCONFIRMED; unset: the value given at registration is sent).
   */
  webhookSecretKey?: string;
  /** Span of generated history (default: the 90 days before 2026-11-01T00:00:00.000Z). */
  startDate?: string;
  endDate?: string;
  /** Default 0 (ephemeral) / 127.0.0.1. */
  port?: number;
  host?: string;
}
