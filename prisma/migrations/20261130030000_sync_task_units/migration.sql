-- Units of a sync task: its campaigns split into pieces any worker can claim, each with its own checkpoint.
-- The task (one per namespace and platform) keeps SYNC_003, the job's progress and the counters rolled up.
CREATE TABLE "sync_task_units" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "campaign_ids" TEXT[] NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "campaign_index" INTEGER NOT NULL DEFAULT 0,
    "page_offset" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "processed_items" BIGINT NOT NULL DEFAULT 0,
    "events_created" BIGINT NOT NULL DEFAULT 0,
    "pages_fetched" INTEGER NOT NULL DEFAULT 0,
    "heartbeat_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_task_units_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sync_task_units_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "sync_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "sync_task_units_task_id_position_key" ON "sync_task_units"("task_id", "position");
