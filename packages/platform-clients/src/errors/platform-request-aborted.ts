import type { ApiPlatform } from "./platform-api-error";

/** A platform call given up because its caller's signal was aborted (a worker stopping): not the platform's doing. */
export class PlatformRequestAborted extends Error {
  constructor(
    readonly platform: ApiPlatform,
    /** Method and path, without the query string. */
    readonly request: string,
  ) {
    super(`${platform} ${request} abandoned: the caller stopped waiting`);
    this.name = "PlatformRequestAborted";
  }
}
