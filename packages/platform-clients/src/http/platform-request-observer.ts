import type { ApiPlatform, PlatformErrorCode } from "../errors/platform-api-error";

/** One attempt sent to a platform: "ok" or the error's code, and how long it waited for its rate-limit slot. */
export interface PlatformRequestEvent {
  platform: ApiPlatform;
  outcome: "ok" | PlatformErrorCode;
  rateLimitWaitMs: number;
}

export type PlatformRequestObserver = (event: PlatformRequestEvent) => void;
