-- Full Sync initial schema: namespaces, keys, sync jobs and tasks, synced data, outboxes, audit, limits.

CREATE TABLE "namespaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "credentials_ciphertext" TEXT,
    "configured_platforms" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "namespaces_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "namespaces_name_key" ON "namespaces"("name");

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "namespaces" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

CREATE TABLE "sync_jobs" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sync_mode" TEXT NOT NULL,
    "platforms" TEXT[],
    "namespaces" TEXT[],
    "start_date" TIMESTAMPTZ(3),
    "end_date" TIMESTAMPTZ(3),
    "batch_size" INTEGER NOT NULL DEFAULT 50,
    "options" JSONB NOT NULL DEFAULT '{}',
    "webhook_url" TEXT,
    "api_key_id" UUID,
    "estimated_ms" BIGINT,
    "estimate_basis" TEXT,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_jobs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sync_jobs_status_check" CHECK ("status" IN ('queued', 'in_progress', 'completed', 'failed', 'cancelled'))
);
CREATE INDEX "sync_jobs_status_created_at_idx" ON "sync_jobs"("status", "created_at");
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "sync_tasks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" TEXT NOT NULL,
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "stage" TEXT NOT NULL DEFAULT 'queued',
    "processed_items" BIGINT NOT NULL DEFAULT 0,
    "total_items" BIGINT NOT NULL DEFAULT 0,
    "total_is_estimate" BOOLEAN NOT NULL DEFAULT true,
    "events_created" BIGINT NOT NULL DEFAULT 0,
    "users_processed" BIGINT NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "pages_fetched" INTEGER NOT NULL DEFAULT 0,
    "checkpoint" JSONB NOT NULL DEFAULT '{}',
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "last_error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_tasks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sync_tasks_status_check" CHECK ("status" IN ('queued', 'in_progress', 'completed', 'failed', 'cancelled'))
);
CREATE INDEX "sync_tasks_job_id_idx" ON "sync_tasks"("job_id");
-- One running sync per (namespace, platform), decided by the database for every instance (SYNC_003).
CREATE UNIQUE INDEX "sync_tasks_one_active_per_namespace_platform" ON "sync_tasks"("namespace_id", "platform")
    WHERE "status" IN ('queued', 'in_progress');
ALTER TABLE "sync_tasks" ADD CONSTRAINT "sync_tasks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sync_tasks" ADD CONSTRAINT "sync_tasks_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "sync_states" (
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "watermark" TIMESTAMPTZ(3),
    "last_job_id" TEXT,
    "last_completed_at" TIMESTAMPTZ(3),
    "items_per_second" DOUBLE PRECISION,
    "last_item_count" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_states_pkey" PRIMARY KEY ("namespace_id", "platform")
);
ALTER TABLE "sync_states" ADD CONSTRAINT "sync_states_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "campaigns" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT,
    "status" TEXT,
    "raw" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "campaigns_namespace_id_platform_external_id_key" ON "campaigns"("namespace_id", "platform", "external_id");
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "people" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "namespace_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "company_name" TEXT,
    "platform_ids" JSONB NOT NULL DEFAULT '{}',
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "attio_status" TEXT NOT NULL DEFAULT 'pending',
    "attio_record_id" TEXT,
    "attio_synced_at" TIMESTAMPTZ(3),
    "attio_error" TEXT,
    "attio_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "people_namespace_id_email_key" ON "people"("namespace_id", "email");
CREATE INDEX "people_attio_pending_idx" ON "people"("namespace_id") WHERE "attio_status" = 'pending';
ALTER TABLE "people" ADD CONSTRAINT "people_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "event_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "campaign_external_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "activity_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" JSONB NOT NULL DEFAULT '{}',
    "sync_job_id" TEXT,
    "mixpanel_insert_id" TEXT NOT NULL,
    "mixpanel_status" TEXT NOT NULL DEFAULT 'pending',
    "mixpanel_sent_at" TIMESTAMPTZ(3),
    "mixpanel_error" TEXT,
    "mixpanel_attempts" INTEGER NOT NULL DEFAULT 0,
    "attio_status" TEXT NOT NULL DEFAULT 'pending',
    "attio_synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "events_event_key_key" ON "events"("event_key");
CREATE INDEX "events_namespace_id_platform_occurred_at_idx" ON "events"("namespace_id", "platform", "occurred_at");
CREATE INDEX "events_namespace_id_email_idx" ON "events"("namespace_id", "email");
-- Outbox scans read only the pending rows.
CREATE INDEX "events_mixpanel_pending_idx" ON "events"("namespace_id", "id") WHERE "mixpanel_status" = 'pending';
ALTER TABLE "events" ADD CONSTRAINT "events_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "event_key_counters" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "event_key_counters_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "event_key_rate_samples" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "instance" TEXT NOT NULL,
    "keys" BIGINT NOT NULL DEFAULT 0,
    "nanos" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "event_key_rate_samples_pkey" PRIMARY KEY ("bucket", "instance")
);

CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webhook_deliveries_job_id_event_key" ON "webhook_deliveries"("job_id", "event");
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_attempts_delivery_id_idx" ON "webhook_attempts"("delivery_id");
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "audit_records" (
    "id" BIGSERIAL NOT NULL,
    "request_id" TEXT NOT NULL,
    "api_key_id" UUID,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "client_ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_records_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_records_api_key_id_created_at_idx" ON "audit_records"("api_key_id", "created_at");
CREATE INDEX "audit_records_created_at_idx" ON "audit_records"("created_at");

CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "reset_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "platform_rate_buckets" (
    "key" TEXT NOT NULL,
    "next_slot" TIMESTAMPTZ(6) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_rate_buckets_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "background_jobs" (
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cron" TEXT NOT NULL,
    "last_run_at" TIMESTAMPTZ(3),
    "last_status" TEXT,
    "last_error" TEXT,
    "last_job_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "background_jobs_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "bulk_write_samples" (
    "id" BIGSERIAL NOT NULL,
    "rows" INTEGER NOT NULL,
    "inserted" INTEGER NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "bulk_write_samples_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "bulk_write_samples_created_at_idx" ON "bulk_write_samples"("created_at");
