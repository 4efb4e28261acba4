-- Real-time ingest: per-namespace webhook secrets, the durable inbox, dead letters and the Smartlead identity index.

-- One secret per source platform, one AES-256-GCM envelope like the credentials; write-only through the API.
ALTER TABLE "namespaces" ADD COLUMN "ingest_secrets_ciphertext" TEXT;
ALTER TABLE "namespaces" ADD COLUMN "ingest_platforms" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- Every accepted delivery, written before the receiver answers; the ingest-drain job keys and stores it, then
-- deletes it. claimed_until is the lease of the drain that took it (a drain that died lets it go again).
CREATE TABLE "ingest_inbox" (
    "id" BIGSERIAL NOT NULL,
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ingest_inbox_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "ingest_inbox" ADD CONSTRAINT "ingest_inbox_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Authenticated deliveries that could not be read as an event (kept for inspection, never retried).
CREATE TABLE "ingest_dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ingest_dead_letters_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ingest_dead_letters_namespace_id_received_at_idx" ON "ingest_dead_letters"("namespace_id", "received_at");
ALTER TABLE "ingest_dead_letters" ADD CONSTRAINT "ingest_dead_letters_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The last accepted delivery per (namespace, platform), for the namespace view.
CREATE TABLE "ingest_deliveries" (
    "namespace_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "last_delivery_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ingest_deliveries_pkey" PRIMARY KEY ("namespace_id", "platform")
);
ALTER TABLE "ingest_deliveries" ADD CONSTRAINT "ingest_deliveries_namespace_id_fkey" FOREIGN KEY ("namespace_id") REFERENCES "namespaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A Smartlead event is (statistics row, type): the store looks it up by these columns whatever its time.
CREATE INDEX "events_smartlead_identity_idx" ON "events"("namespace_id", "campaign_external_id", "activity_id", "event_type") WHERE "platform" = 'smartlead';

-- Ingest totals per platform, added to by every worker's drain, read by /metrics.
CREATE TABLE "ingest_counters" (
    "platform" TEXT NOT NULL,
    "stored" BIGINT NOT NULL DEFAULT 0,
    "duplicates" BIGINT NOT NULL DEFAULT 0,
    "drained" BIGINT NOT NULL DEFAULT 0,
    "delivery_lag_ms" BIGINT NOT NULL DEFAULT 0,
    "event_lag_ms" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "ingest_counters_pkey" PRIMARY KEY ("platform")
);
