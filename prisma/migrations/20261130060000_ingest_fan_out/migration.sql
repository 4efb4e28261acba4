-- Webhook-stored people are queued without a job (job_id NULL). The (person, destination, job) index treats NULLs
-- as distinct, so it cannot keep them to one row; this one does: one row per (person, destination) for the webhook
-- path, re-opened when a later delivery touches the person again after they were sent.
CREATE UNIQUE INDEX "fanout_outbox_person_id_destination_ingest_key" ON "fanout_outbox"("person_id", "destination") WHERE "person_id" IS NOT NULL AND "job_id" IS NULL;
