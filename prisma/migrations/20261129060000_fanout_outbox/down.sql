DROP TABLE IF EXISTS "background_job_runs";
DROP TABLE IF EXISTS "fanout_pauses";
DROP TABLE IF EXISTS "fanout_outbox";
