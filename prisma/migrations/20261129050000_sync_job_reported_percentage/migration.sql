-- The highest percentage a job's status has reported: progress never goes backwards, for every reader on
-- every gateway, even when a platform's estimated total is replaced by its real count.
ALTER TABLE "sync_jobs" ADD COLUMN "reported_percentage" SMALLINT NOT NULL DEFAULT 0;
