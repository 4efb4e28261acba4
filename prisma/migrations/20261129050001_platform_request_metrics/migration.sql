-- Cluster-wide figures for /metrics that no single process sees: every worker adds its platform requests
-- (by outcome) and its waits for a rate-limit slot here, and any gateway reports the totals.
CREATE TABLE "platform_request_counts" (
    "platform" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_request_counts_pkey" PRIMARY KEY ("platform", "outcome")
);

CREATE TABLE "platform_rate_limit_waits" (
    "platform" TEXT NOT NULL,
    "waits" BIGINT NOT NULL DEFAULT 0,
    "wait_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_rate_limit_waits_pkey" PRIMARY KEY ("platform")
);
