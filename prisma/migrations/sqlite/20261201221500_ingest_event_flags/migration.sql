-- Ingest hardening (branch ingest): what ingestion changed about a delivery to store it safely
-- (a vendor time capped at receipt, a value clamped or truncated), as a JSON list shown to operators.

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN "flags" TEXT;
