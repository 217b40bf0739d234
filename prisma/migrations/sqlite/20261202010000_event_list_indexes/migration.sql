-- Event log filters in id order (newest first), so a filtered page reads its 50 rows from an index
-- instead of sorting every event of a workspace or a status: workspace (with any other filter),
-- status, and entity type with status (tests/integration/events-scale.test.ts checks the plans).

-- CreateIndex
CREATE INDEX "webhook_events_workspace_id_id_idx" ON "webhook_events"("workspace_id", "id");
CREATE INDEX "webhook_events_status_id_idx" ON "webhook_events"("status", "id");
CREATE INDEX "webhook_events_entity_type_status_id_idx" ON "webhook_events"("entity_type", "status", "id");
