-- Attention queue (issue 11): time in status, budgets, acknowledgements and snoozes, workspace settings, audit log.
-- AlterTable
ALTER TABLE "domains" ADD COLUMN "status_since" TIMESTAMP(3);
-- AlterTable
ALTER TABLE "mailboxes" ADD COLUMN "status_since" TIMESTAMP(3);
-- AlterTable
ALTER TABLE "consent_requests" ADD COLUMN "status_since" TIMESTAMP(3);
-- AlterTable
ALTER TABLE "client_id_requests" ADD COLUMN "status_since" TIMESTAMP(3);
ALTER TABLE "mailboxes" ADD COLUMN "provisioning_since" TIMESTAMP(3);

-- DropIndex (covered by the composite below)
DROP INDEX "domains_status_idx";

-- CreateIndex
CREATE INDEX "domains_status_status_since_idx" ON "domains"("status", "status_since");

-- CreateIndex
CREATE INDEX "domains_status_since_idx" ON "domains"("status_since");

-- DropIndex (covered by the composite below)
DROP INDEX "mailboxes_status_idx";

-- CreateIndex
CREATE INDEX "mailboxes_status_status_since_idx" ON "mailboxes"("status", "status_since");

-- CreateIndex
CREATE INDEX "mailboxes_status_since_idx" ON "mailboxes"("status_since");

-- DropIndex (covered by the composite below)
DROP INDEX "consent_requests_status_idx";

-- CreateIndex
CREATE INDEX "consent_requests_status_status_since_idx" ON "consent_requests"("status", "status_since");

-- CreateIndex
CREATE INDEX "consent_requests_status_since_idx" ON "consent_requests"("status_since");

-- DropIndex (covered by the composite below)
DROP INDEX "client_id_requests_status_idx";

-- CreateIndex
CREATE INDEX "client_id_requests_status_status_since_idx" ON "client_id_requests"("status", "status_since");

-- CreateIndex
CREATE INDEX "client_id_requests_status_since_idx" ON "client_id_requests"("status_since");

-- CreateIndex
CREATE INDEX "mail_activity_event_type_occurred_at_idx" ON "mail_activity"("event_type", "occurred_at");

-- CreateTable
CREATE TABLE "attention_budgets" (
    "entity_type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "seconds" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "attention_budgets_pkey" PRIMARY KEY ("entity_type","status")
);

-- CreateTable
CREATE TABLE "attention_handling" (
    "item_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entity_type" TEXT,
    "entity_uid" TEXT,
    "workspace_id" TEXT,
    "label" TEXT NOT NULL,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "note" TEXT,
    "snoozed_until" TIMESTAMP(3),
    "snoozed_by" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attention_handling_pkey" PRIMARY KEY ("item_id")
);

-- CreateTable
CREATE TABLE "workspace_settings" (
    "workspace_id" TEXT NOT NULL,
    "display_name" TEXT,
    "contact_name" TEXT,
    "contact_email" TEXT,
    "client_id_scopes" TEXT NOT NULL DEFAULT '[]',
    "notify_emails" TEXT NOT NULL DEFAULT '[]',
    "nudges" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workspace_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "workspace_id" TEXT,
    "summary" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_workspace_id_at_idx" ON "audit_log"("workspace_id", "at");

-- Backfill: the vendor time of the event that entered the current status (the first event with the
-- current status after the last event with a different one), else the last change.
UPDATE "domains" SET "status_since" = COALESCE((
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = 'domain' AND e."entity_uid" = "domains"."uid" AND e."status" = "domains"."status"
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = 'domain' AND d."entity_uid" = "domains"."uid" AND d."status" <> "domains"."status"
          AND d."occurred_at" <= "domains"."last_occurred_at"), e."occurred_at")), "last_occurred_at");
UPDATE "mailboxes" SET "status_since" = COALESCE((
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = 'mailbox' AND e."entity_uid" = "mailboxes"."uid" AND e."status" = "mailboxes"."status"
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = 'mailbox' AND d."entity_uid" = "mailboxes"."uid" AND d."status" <> "mailboxes"."status"
          AND d."occurred_at" <= "mailboxes"."last_occurred_at"), e."occurred_at")), "last_occurred_at");
UPDATE "consent_requests" SET "status_since" = COALESCE((
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = 'consent_request' AND e."entity_uid" = "consent_requests"."uid" AND e."status" = "consent_requests"."status"
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = 'consent_request' AND d."entity_uid" = "consent_requests"."uid" AND d."status" <> "consent_requests"."status"
          AND d."occurred_at" <= "consent_requests"."last_occurred_at"), e."occurred_at")), "last_occurred_at");
UPDATE "client_id_requests" SET "status_since" = COALESCE((
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = 'client_id_request' AND e."entity_uid" = "client_id_requests"."uid" AND e."status" = "client_id_requests"."status"
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = 'client_id_request' AND d."entity_uid" = "client_id_requests"."uid" AND d."status" <> "client_id_requests"."status"
          AND d."occurred_at" <= "client_id_requests"."last_occurred_at"), e."occurred_at")), "last_occurred_at");

-- Backfill: when a provisioning mailbox began provisioning (the same rule over the provisioning statuses).
UPDATE "mailboxes" SET "provisioning_since" = CASE WHEN "status" IN ('pending','processing','waiting_for_dns_propagation','waiting_for_activation_email','activation_email_received','configuring_workspace','configuring_dns','configuring_dkim','configuring_auth','finalizing_setup') THEN COALESCE((
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = 'mailbox' AND e."entity_uid" = "mailboxes"."uid" AND e."status" IN ('pending','processing','waiting_for_dns_propagation','waiting_for_activation_email','activation_email_received','configuring_workspace','configuring_dns','configuring_dkim','configuring_auth','finalizing_setup')
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = 'mailbox' AND d."entity_uid" = "mailboxes"."uid" AND d."status" NOT IN ('pending','processing','waiting_for_dns_propagation','waiting_for_activation_email','activation_email_received','configuring_workspace','configuring_dns','configuring_dkim','configuring_auth','finalizing_setup')
          AND d."occurred_at" <= "mailboxes"."last_occurred_at"), e."occurred_at")), "status_since") ELSE NULL END;
