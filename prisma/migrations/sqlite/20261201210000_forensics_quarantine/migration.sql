-- Quarantine of refusals whose signature failed (sealed raw body and signature headers, recovered by
-- re-verify) and per-hour counters for refusals past the per-vendor cap of stored rows.

-- AlterTable
ALTER TABLE "rejected_deliveries" ADD COLUMN "sealed" TEXT;
ALTER TABLE "rejected_deliveries" ADD COLUMN "sealed_until" DATETIME;
ALTER TABLE "rejected_deliveries" ADD COLUMN "recovered_at" DATETIME;
ALTER TABLE "rejected_deliveries" ADD COLUMN "recovered_event_id" INTEGER;

-- CreateTable
CREATE TABLE "refusal_counters" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "vendor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "count" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "rejected_deliveries_vendor_received_at_idx" ON "rejected_deliveries"("vendor", "received_at");
CREATE INDEX "rejected_deliveries_sealed_until_idx" ON "rejected_deliveries"("sealed_until");
CREATE INDEX "refusal_counters_hour_idx" ON "refusal_counters"("hour");
CREATE UNIQUE INDEX "refusal_counters_vendor_reason_hour_key" ON "refusal_counters"("vendor", "reason", "hour");
