-- The event list's "duplicates only" filter (duplicate_count > 1) read from an index instead of walking
-- every event newest first: with few duplicates among 2,000,000 events, `duplicates=true` alone and
-- `q=echo&duplicates=true` read the whole table (tests/integration/events-scale.test.ts checks the plans).

-- CreateIndex
CREATE INDEX "webhook_events_duplicate_count_id_idx" ON "webhook_events"("duplicate_count", "id");
