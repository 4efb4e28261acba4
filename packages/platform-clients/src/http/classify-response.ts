import { PlatformApiError, type ApiPlatform, type PlatformErrorCode } from "../errors/platform-api-error";
import { parseRetryAfter } from "./parse-retry-after";
import { isRecord, readPlatformMessage } from "./read-platform-message";

export type AttemptOutcome =
  | { ok: true; body: unknown }
  | { ok: false; error: PlatformApiError; retryAfterMs?: number };

const STATUS_CODES: Record<number, PlatformErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "rate_limited",
};

/**
 * Turns one HTTP answer into data or a typed failure. JSON is parsed here, not by axios, so that a truncated
 * body is a retryable failure and an HTML page (Lemlist's answer to an unknown route) is never taken for data.
 */
export function classifyResponse({
  platform,
  request,
  status,
  headers,
  body,
  secrets,
}: {
  platform: ApiPlatform;
  request: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
  secrets: string[];
}): AttemptOutcome {
  const contentType = typeof headers["content-type"] === "string" ? headers["content-type"] : "";
  const fail = (code: PlatformErrorCode, retryable: boolean, platformMessage?: string): AttemptOutcome => ({
    ok: false,
    error: new PlatformApiError({ platform, status, code, platformMessage, retryable, attempts: 1, request, platformCode: readPlatformCode(body) }),
  });

  if (status >= 200 && status < 300) {
    if (/html/i.test(contentType)) return fail("unexpected_content_type", false, `expected JSON, got ${contentType}`);
    if (!body.trim()) return { ok: true, body: undefined };
    try {
      return { ok: true, body: JSON.parse(body) as unknown };
    } catch {
      return fail("malformed_body", true, "response body is not valid JSON");
    }
  }

  const platformMessage = readPlatformMessage({ body, contentType, secrets });
  if (status === 429 || status >= 500) {
    const code = status === 429 ? "rate_limited" : "server_error";
    const error = new PlatformApiError({ platform, status, code, platformMessage, retryable: true, attempts: 1, request });
    // Lemlist sends Retry-After on every answer: it only means "wait" on 429 and 503.
    const retryAfterMs =
      status === 429 || status === 503
        ? (parseRetryAfter({ value: headers["retry-after"] }) ?? bodyRetryAfterMs(body))
        : undefined;
    return retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs };
  }
  return fail(STATUS_CODES[status] ?? "http_error", false, platformMessage);
}

/** Smartlead's newer docs put the wait in the body: `{"error": {"code": "RATE_LIMIT_EXCEEDED", "retry_after": 30}}`. */
function bodyRetryAfterMs(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = isRecord(parsed) ? parsed.error : undefined;
    return isRecord(error) ? parseRetryAfter({ value: error.retry_after }) : undefined;
  } catch {
    return undefined;
  }
}

/** Attio's `{"code": "uniqueness_conflict"}`: the reason a caller may branch on (never retried in a loop). */
function readPlatformCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) && typeof parsed.code === "string" ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}
