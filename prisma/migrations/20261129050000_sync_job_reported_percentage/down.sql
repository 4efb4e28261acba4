ALTER TABLE "sync_jobs" DROP COLUMN IF EXISTS "reported_percentage";
