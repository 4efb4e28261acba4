-- Runs of POST /api/database/optimize started with `Prefer: respond-async` (202 and a run to poll). The run's
-- session holds the optimization advisory lock; backend_pid names it, so a poll from any gateway can tell a run
-- still going from one whose process or connection died (status stays 'running', the lock is gone).
CREATE TABLE "database_optimization_runs" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "requested" JSONB NOT NULL,
    "result" JSONB,
    "error" JSONB,
    "backend_pid" INTEGER NOT NULL,
    "instance" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "database_optimization_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "database_optimization_runs_status_check" CHECK ("status" IN ('running', 'completed', 'failed'))
);

CREATE INDEX "database_optimization_runs_started_at_idx" ON "database_optimization_runs" ("started_at");
