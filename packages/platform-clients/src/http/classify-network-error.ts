import { type ApiPlatform, PlatformApiError } from "../errors/platform-api-error";

const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT", "ERR_CANCELED"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ERR_BAD_RESPONSE"]);

/**
 * A request that got no HTTP answer. Only the error code and a fixed text are kept: axios errors carry the
 * request config (api_key parameter, Authorization header), so they are never passed on or logged.
 */
export function classifyNetworkError({
  platform,
  request,
  error,
}: {
  platform: ApiPlatform;
  request: string;
  error: unknown;
}): PlatformApiError {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : "";
  const base = { platform, request, status: undefined, attempts: 1 } as const;
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(message)) {
    return new PlatformApiError({ ...base, code: "timeout", retryable: true, platformMessage: undefined });
  }
  if (RESET_CODES.has(code) || /socket hang up/i.test(message)) {
    return new PlatformApiError({ ...base, code: "connection_reset", retryable: true, platformMessage: undefined });
  }
  return new PlatformApiError({
    ...base,
    code: "network_error",
    retryable: TRANSIENT_CODES.has(code),
    platformMessage: code || undefined,
  });
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return "";
}
