DROP INDEX IF EXISTS "fanout_outbox_person_id_destination_ingest_key";
