-- Event forensics: request headers kept with each event, payload retention, list indexes, and
-- free-text search over the redacted payload (full text, `simple` configuration, GIN index on an
-- expression that turns ASCII punctuation into spaces, so words inside JSON strings, e-mail
-- addresses and host names are words, as SQLite's FTS5 unicode61 tokenizer sees them).

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN "headers" TEXT,
ADD COLUMN "payload_dropped_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "webhook_events_entity_uid_id_idx" ON "webhook_events"("entity_uid", "id");
CREATE INDEX "webhook_events_event_type_id_idx" ON "webhook_events"("event_type", "id");
CREATE INDEX "webhook_events_outcome_id_idx" ON "webhook_events"("outcome", "id");
CREATE INDEX "webhook_events_occurred_at_idx" ON "webhook_events"("occurred_at");

-- Search index (not a Prisma model; tests/integration/schema-drift.test.ts checks it). The expression
-- must stay identical to PAYLOAD_SEARCH_VECTOR in lib/queries/event-search.ts.
CREATE INDEX "webhook_events_payload_search_idx" ON "webhook_events" USING GIN (
    to_tsvector('simple'::regconfig, translate(left("payload", 100000), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                '))
);
