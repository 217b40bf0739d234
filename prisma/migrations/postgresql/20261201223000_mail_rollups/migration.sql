-- CreateTable
CREATE TABLE "mail_rollups" (
    "mailbox_email" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "forwarded" INTEGER NOT NULL DEFAULT 0,
    "last_occurred_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mail_rollups_pkey" PRIMARY KEY ("mailbox_email","hour")
);

-- CreateIndex
CREATE INDEX "mail_rollups_hour_idx" ON "mail_rollups"("hour");

-- Backfill from the mail already stored.
INSERT INTO "mail_rollups" ("mailbox_email", "hour", "received", "sent", "delivered", "bounced", "failed", "forwarded", "last_occurred_at")
SELECT "mailbox_email", date_trunc('hour', "occurred_at"),
    COUNT(*) FILTER (WHERE "event_type" = 'message.received'), COUNT(*) FILTER (WHERE "event_type" = 'message.sent'),
    COUNT(*) FILTER (WHERE "event_type" = 'message.delivered'), COUNT(*) FILTER (WHERE "event_type" = 'message.bounced'),
    COUNT(*) FILTER (WHERE "event_type" = 'message.failed'), COUNT(*) FILTER (WHERE "event_type" = 'message.forwarded'),
    MAX("occurred_at")
FROM "mail_activity" GROUP BY 1, 2;
