DROP TABLE IF EXISTS "sync_task_units";
