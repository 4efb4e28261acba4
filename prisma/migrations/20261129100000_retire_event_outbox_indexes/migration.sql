-- The fan-out reads fanout_outbox (its own partial indexes); nothing reads the events and people status columns any
-- more, yet every event insert still maintained this partial index (new rows default to 'pending'), and every people
-- upsert the other.
DROP INDEX IF EXISTS "events_mixpanel_pending_idx";
DROP INDEX IF EXISTS "people_attio_pending_idx";
