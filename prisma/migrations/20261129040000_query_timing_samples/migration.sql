-- Statement timings the apps record (per minute, process and statement kind): the fallback of
-- GET /api/database/performance when pg_stat_statements is not loaded.
CREATE TABLE "query_timing_samples" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "instance" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "calls" BIGINT NOT NULL DEFAULT 0,
    "total_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "max_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "slow_calls" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "query_timing_samples_pkey" PRIMARY KEY ("bucket", "instance", "kind")
);
