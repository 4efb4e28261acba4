import type { DestinationPlatform, SourcePlatform } from "@full-sync/shared";

/** Sources (Smartlead, Lemlist) and destinations (Mixpanel, Attio): every API a client here talks to. */
export type ApiPlatform = SourcePlatform | DestinationPlatform;

/** Why a platform call failed, stable enough for the worker to branch on. */
export type PlatformErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "server_error"
  | "http_error"
  | "timeout"
  | "connection_reset"
  | "network_error"
  | "malformed_body"
  | "unexpected_content_type";

export interface PlatformApiErrorInit {
  platform: ApiPlatform;
  /** HTTP status, or undefined when no response arrived (timeout, reset). */
  status: number | undefined;
  code: PlatformErrorCode;
  /** The platform's own text (Smartlead JSON `message`, Lemlist text/plain body), never a credential. */
  platformMessage: string | undefined;
  retryable: boolean;
  attempts: number;
  /** Method and path without the query string, so no api_key can leak into messages. */
  request: string;
  /** The platform's own error code when its body names one (Attio's `uniqueness_conflict`). */
  platformCode?: string;
}

/** A failed platform call after the client's own retries; its message never contains a credential. */
export class PlatformApiError extends Error {
  readonly platform: ApiPlatform;
  readonly status: number | undefined;
  readonly code: PlatformErrorCode;
  readonly platformMessage: string | undefined;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly request: string;
  readonly platformCode: string | undefined;

  constructor(init: PlatformApiErrorInit) {
    const what = init.status === undefined ? init.code : `${init.status} ${init.code}`;
    const text = init.platformMessage ? `: ${init.platformMessage}` : "";
    super(`${init.platform} ${init.request} failed (${what}) after ${init.attempts} attempt(s)${text}`);
    this.name = "PlatformApiError";
    this.platform = init.platform;
    this.status = init.status;
    this.code = init.code;
    this.platformMessage = init.platformMessage;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.request = init.request;
    this.platformCode = init.platformCode;
  }

  withAttempts(attempts: number): PlatformApiError {
    return new PlatformApiError({ ...this, attempts });
  }
}

export function isPlatformApiError(error: unknown): error is PlatformApiError {
  return error instanceof PlatformApiError;
}
