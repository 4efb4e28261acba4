DROP TABLE IF EXISTS "database_optimization_runs";
