-- CreateTable
CREATE TABLE "mail_activity" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "mailbox_email" TEXT NOT NULL,
    "mailbox_email_source" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "message_uid" TEXT NOT NULL,
    "inkbox_mailbox_id" TEXT,
    "thread_id" TEXT,
    "rfc_message_id" TEXT,
    "direction" TEXT,
    "status" TEXT,
    "from_address" TEXT,
    "to_addresses" TEXT NOT NULL DEFAULT '[]',
    "cc_addresses" TEXT NOT NULL DEFAULT '[]',
    "subject" TEXT,
    "has_attachments" BOOLEAN,
    "bounce_reason" TEXT,
    "message_created_at" TIMESTAMP(3),
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mail_activity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mail_activity_dedupe_key_key" ON "mail_activity"("dedupe_key");

-- CreateIndex
CREATE INDEX "mail_activity_mailbox_email_occurred_at_idx" ON "mail_activity"("mailbox_email", "occurred_at");

-- CreateIndex
CREATE INDEX "mail_activity_message_uid_idx" ON "mail_activity"("message_uid");
