-- Fan-out outbox: one row per (event, Mixpanel) and per (person, job, Attio or Mixpanel profile). Exporters find
-- pending rows through a partial index on this table alone, so draining never scans the events table.
CREATE TABLE "fanout_outbox" (
    "id" BIGSERIAL NOT NULL,
    "destination" TEXT NOT NULL,
    "namespace_id" UUID NOT NULL,
    "job_id" TEXT,
    "event_id" BIGINT,
    "person_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fanout_outbox_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fanout_outbox_destination_check" CHECK ("destination" IN ('mixpanel', 'mixpanel_profile', 'attio')),
    CONSTRAINT "fanout_outbox_status_check" CHECK ("status" IN ('pending', 'sent', 'failed')),
    CONSTRAINT "fanout_outbox_subject_check" CHECK (("event_id" IS NULL) <> ("person_id" IS NULL))
);

-- An event is queued for a destination at most once (a replayed page enqueues nothing new); the index also serves
-- the cascade when events are deleted.
CREATE UNIQUE INDEX "fanout_outbox_event_id_destination_key" ON "fanout_outbox"("event_id", "destination") WHERE "event_id" IS NOT NULL;
-- A person is queued once per job; a later page of the same job re-opens the row (the summary changed).
CREATE UNIQUE INDEX "fanout_outbox_person_id_destination_job_id_key" ON "fanout_outbox"("person_id", "destination", "job_id") WHERE "person_id" IS NOT NULL;
-- What the exporters read; only pending rows are in them: the oldest pending row (which namespace goes next), then
-- that namespace's batch.
CREATE INDEX "fanout_outbox_pending_idx" ON "fanout_outbox"("destination", "id") WHERE "status" = 'pending';
CREATE INDEX "fanout_outbox_pending_namespace_idx" ON "fanout_outbox"("destination", "namespace_id", "id") WHERE "status" = 'pending';
-- Per-job progress for the sync status.
CREATE INDEX "fanout_outbox_job_id_destination_status_idx" ON "fanout_outbox"("job_id", "destination", "status");

ALTER TABLE "fanout_outbox" ADD CONSTRAINT "fanout_outbox_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fanout_outbox" ADD CONSTRAINT "fanout_outbox_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fanout_outbox" ADD CONSTRAINT "fanout_outbox_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A destination refused a namespace's credentials (401): its export stops with this reason until the namespace
-- is updated (a pause older than the namespace's updated_at no longer applies).
CREATE TABLE "fanout_pauses" (
    "namespace_id" UUID NOT NULL,
    "destination" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "paused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fanout_pauses_pkey" PRIMARY KEY ("namespace_id", "destination")
);
ALTER TABLE "fanout_pauses" ADD CONSTRAINT "fanout_pauses_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every run of a background job (scheduled or triggered), for the Background Job APIs.
CREATE TABLE "background_job_runs" (
    "id" BIGSERIAL NOT NULL,
    "job_name" TEXT NOT NULL,
    "queue_job_id" TEXT,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "summary" JSONB,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "background_job_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "background_job_runs_trigger_check" CHECK ("trigger" IN ('schedule', 'manual', 'sync')),
    CONSTRAINT "background_job_runs_status_check" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed'))
);
CREATE UNIQUE INDEX "background_job_runs_queue_job_id_key" ON "background_job_runs"("queue_job_id");
CREATE INDEX "background_job_runs_job_name_created_at_idx" ON "background_job_runs"("job_name", "created_at" DESC);
