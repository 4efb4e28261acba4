CREATE INDEX IF NOT EXISTS "people_attio_pending_idx" ON "people"("namespace_id") WHERE "attio_status" = 'pending';
CREATE INDEX IF NOT EXISTS "events_mixpanel_pending_idx" ON "events"("namespace_id", "id") WHERE "mixpanel_status" = 'pending';
