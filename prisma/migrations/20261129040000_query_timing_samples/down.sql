DROP TABLE IF EXISTS "query_timing_samples";
