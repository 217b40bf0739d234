-- CreateTable
CREATE TABLE "mail_rollups" (
    "mailbox_email" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "forwarded" INTEGER NOT NULL DEFAULT 0,
    "last_occurred_at" DATETIME NOT NULL,

    PRIMARY KEY ("mailbox_email", "hour")
);

-- CreateIndex
CREATE INDEX "mail_rollups_hour_idx" ON "mail_rollups"("hour");

-- Backfill from the mail already stored (times are stored as 2026-12-01T10:20:30.456+00:00).
INSERT INTO "mail_rollups" ("mailbox_email", "hour", "received", "sent", "delivered", "bounced", "failed", "forwarded", "last_occurred_at")
SELECT "mailbox_email", substr("occurred_at", 1, 13) || ':00:00.000+00:00',
    SUM("event_type" = 'message.received'), SUM("event_type" = 'message.sent'), SUM("event_type" = 'message.delivered'),
    SUM("event_type" = 'message.bounced'), SUM("event_type" = 'message.failed'), SUM("event_type" = 'message.forwarded'),
    MAX("occurred_at")
FROM "mail_activity" GROUP BY 1, 2;
