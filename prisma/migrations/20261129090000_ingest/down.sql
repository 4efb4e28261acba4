DROP TABLE IF EXISTS "ingest_counters";
DROP INDEX IF EXISTS "events_smartlead_identity_idx";
DROP TABLE IF EXISTS "ingest_deliveries";
DROP TABLE IF EXISTS "ingest_dead_letters";
DROP TABLE IF EXISTS "ingest_inbox";
ALTER TABLE "namespaces" DROP COLUMN IF EXISTS "ingest_platforms";
ALTER TABLE "namespaces" DROP COLUMN IF EXISTS "ingest_secrets_ciphertext";
