-- The event list filtered by entity type or by vendor alone, newest first, read from an index in id
-- order. Without one the list walked the primary key newest first past every event of the other
-- kinds: at 700,000 events (bench scale stage, 0.1) `entityType=mailbox` read 500,500 Inkbox mail
-- events to find the newest 500 mailbox ones (PostgreSQL, 3.6 s); `vendor=inboxkit` the same.

-- CreateIndex
CREATE INDEX "webhook_events_entity_type_id_idx" ON "webhook_events"("entity_type", "id");

-- CreateIndex
CREATE INDEX "webhook_events_vendor_id_idx" ON "webhook_events"("vendor", "id");
