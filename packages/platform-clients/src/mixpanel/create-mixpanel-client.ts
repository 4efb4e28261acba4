import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { MixpanelImportEvent, MixpanelImportResult, MixpanelProfileUpdate, MixpanelSender } from "@full-sync/shared";
import { PlatformApiError } from "../errors/platform-api-error";
import { createPlatformHttp } from "../http/create-platform-http";
import type { PlatformClientLogger } from "../http/platform-client-logger";
import type { RetryOptions } from "../http/retry-options";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { planMixpanelRequests, MIXPANEL_MAX_EVENTS, MIXPANEL_MAX_BYTES } from "./plan-mixpanel-requests";
import { readImportAnswer } from "./read-import-answer";

export interface MixpanelClientOptions {
  /** The region's host from configuration (MIXPANEL_US_BASE_URL, ...), or an emulator's baseUrl. */
  baseUrl: string;
  projectId?: string;
  /** A service account (Basic username:secret, with project_id) or the project token (Basic token:). */
  credentials: { username?: string; secret?: string; projectToken?: string };
  rateLimiter: RateLimiter;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: PlatformClientLogger;
  /** Per request (default 2000 events, 2 MB uncompressed less a margin). */
  maxEvents?: number;
  maxBytes?: number;
}

/**
 * Mixpanel's guidance for 429, 502 and 503: exponential backoff from 2 s to 60 s with jitter. With equal jitter
 * (half fixed, half random) a 4 s first step waits 2-4 s, and steps stop growing at 60 s (waits of 30-60 s).
 */
/**
 * zlib's fastest level. Measured on a 2000-event request (617 KB of JSON): level 1 took 7-11 ms and gave 37 KB, the
 * default level 6 took 17 ms for 32 KB. On loopback or a datacenter link the 5 KB saved cost more CPU than they save.
 */
export const MIXPANEL_GZIP_LEVEL = 1;

// Off the event loop (libuv's pool): while one request is compressed, other batches' database work goes on.
const gzipAsync = promisify(gzip);

export const MIXPANEL_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 4_000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000 };

/** Mixpanel ingestion: /import with strict validation (partial 400s read, never retried) and /engage profiles. */
export function createMixpanelClient(options: MixpanelClientOptions): MixpanelSender {
  const { username, secret, projectToken } = options.credentials;
  const serviceAccount = username !== undefined && secret !== undefined;
  const basicUser = serviceAccount ? `${username}:${secret}` : `${projectToken ?? ""}:`;
  const http = createPlatformHttp({
    platform: "mixpanel",
    baseUrl: options.baseUrl,
    rateLimiter: options.rateLimiter,
    timeoutMs: options.timeoutMs ?? 60_000,
    retry: { ...MIXPANEL_RETRY, ...options.retry },
    logger: options.logger,
    auth: { headers: { Authorization: `Basic ${Buffer.from(basicUser).toString("base64")}` } },
    secrets: [secret, projectToken].filter((value): value is string => Boolean(value)),
  });
  const maxEvents = Math.min(options.maxEvents ?? MIXPANEL_MAX_EVENTS, MIXPANEL_MAX_EVENTS);
  const maxBytes = options.maxBytes ?? MIXPANEL_MAX_BYTES;

  async function importPart(events: MixpanelImportEvent[], json: string[], offset: number, result: MixpanelImportResult): Promise<void> {
    const text = `[${json.join(",")}]`;
    const answer = await http.send({
      method: "POST",
      path: "/import",
      params: { strict: 1, project_id: options.projectId },
      body: await gzipAsync(text, { level: MIXPANEL_GZIP_LEVEL }),
      headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" },
      readStatuses: [400, 413],
    });
    result.requests += 1;
    if (answer.status === 413 && events.length > 1) {
      // The host's limit is lower than planned for: halve and send again (nothing of a 413 was ingested).
      options.logger?.warn("mixpanel refused a request as too large; splitting it", { events: events.length, bytes: text.length });
      const half = Math.ceil(events.length / 2);
      await importPart(events.slice(0, half), json.slice(0, half), offset, result);
      await importPart(events.slice(half), json.slice(half), offset + half, result);
      return;
    }
    const read = readImportAnswer({ status: answer.status, body: answer.body, count: events.length });
    if (!read.ok) throw new PlatformApiError({ platform: "mixpanel", status: answer.status, code: "bad_request", platformMessage: read.message, retryable: false, attempts: 1, request: "POST /import" });
    result.imported += read.imported;
    for (const failure of read.failed) result.failed.push({ ...failure, index: failure.index + offset, insertId: failure.insertId || events[failure.index]?.properties.$insert_id || "" });
  }

  return {
    async importEvents(events) {
      const result: MixpanelImportResult = { imported: 0, failed: [], requests: 0 };
      for (const part of planMixpanelRequests({ events, maxEvents, maxBytes })) {
        await importPart(part.events, part.json, part.offset, result);
      }
      return result;
    },

    async setProfiles(updates: MixpanelProfileUpdate[]) {
      const failed: { index: number; message: string }[] = [];
      for (let offset = 0; offset < updates.length; offset += maxEvents) {
        const part = updates.slice(offset, offset + maxEvents);
        const body = part.map((update) => ({ $token: projectToken, $distinct_id: update.distinctId, $set: update.set }));
        const answer = await http.send({ method: "POST", path: "/engage", params: { verbose: 1 }, body, headers: { "Content-Type": "application/json" } });
        const verdict = answer.body as { status?: number; error?: string | null } | undefined;
        // /engage answers 200 even when updates fail; verbose=1 names them ("update 3: ...").
        if (verdict?.status !== 1) {
          const message = verdict?.error ?? "Mixpanel refused the profile updates";
          const named = [...message.matchAll(/update (\d+): ([^;]+)/g)];
          if (named.length === 0) part.forEach((_update, index) => failed.push({ index: offset + index, message }));
          for (const match of named) failed.push({ index: offset + Number(match[1]), message: match[2]!.trim() });
        }
      }
      return { failed };
    },
  };
}
