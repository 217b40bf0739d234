-- Event forensics: request headers kept with each event, payload retention, list indexes, and
-- free-text search over the redacted payload (FTS5, external content, kept in step by triggers).

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN "headers" TEXT;
ALTER TABLE "webhook_events" ADD COLUMN "payload_dropped_at" DATETIME;

-- CreateIndex
CREATE INDEX "webhook_events_entity_uid_id_idx" ON "webhook_events"("entity_uid", "id");
CREATE INDEX "webhook_events_event_type_id_idx" ON "webhook_events"("event_type", "id");
CREATE INDEX "webhook_events_outcome_id_idx" ON "webhook_events"("outcome", "id");
CREATE INDEX "webhook_events_occurred_at_idx" ON "webhook_events"("occurred_at");

-- Search index (not a Prisma model; tests/integration/schema-drift.test.ts checks it)
CREATE VIRTUAL TABLE "webhook_events_fts" USING fts5(
    "payload", content = 'webhook_events', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO "webhook_events_fts" ("webhook_events_fts") VALUES ('rebuild');

CREATE TRIGGER "webhook_events_fts_insert" AFTER INSERT ON "webhook_events" BEGIN
    INSERT INTO "webhook_events_fts" ("rowid", "payload") VALUES (new."id", new."payload");
END;

CREATE TRIGGER "webhook_events_fts_delete" AFTER DELETE ON "webhook_events" BEGIN
    INSERT INTO "webhook_events_fts" ("webhook_events_fts", "rowid", "payload") VALUES ('delete', old."id", old."payload");
END;

CREATE TRIGGER "webhook_events_fts_update" AFTER UPDATE OF "payload" ON "webhook_events" BEGIN
    INSERT INTO "webhook_events_fts" ("webhook_events_fts", "rowid", "payload") VALUES ('delete', old."id", old."payload");
    INSERT INTO "webhook_events_fts" ("rowid", "payload") VALUES (new."id", new."payload");
END;
