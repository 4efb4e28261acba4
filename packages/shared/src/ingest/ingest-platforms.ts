import type { SourcePlatform } from "../platforms/platforms";

/** The body field each platform carries the ingest secret in (neither platform signs its deliveries). */
export const INGEST_SECRET_FIELD: Record<SourcePlatform, string> = {
  lemlist: "secret", // echoed from the hook's creation
  smartlead: "secret_key",
};

/** Why a delivery was refused, as the `reason` label of fullsync_ingest_rejected_total. */
export type IngestRejection = "secret" | "secret_limit" | "malformed_json" | "invalid_payload" | "too_large" | "unknown_platform";
