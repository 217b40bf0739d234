-- CreateTable
CREATE TABLE "notifications" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT,
    "destination" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "item_id" TEXT,
    "workspace_id" TEXT,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "message_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "last_attempt_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_destinations" (
    "key" TEXT NOT NULL,
    "next_send_at" TIMESTAMP(3) NOT NULL,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMP(3),
    "last_sent_at" TIMESTAMP(3),

    CONSTRAINT "notification_destinations_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "notification_conditions" (
    "key" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "workspace_id" TEXT,
    "episode" INTEGER NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL,
    "resolved_at" TIMESTAMP(3),
    "content" TEXT NOT NULL,

    CONSTRAINT "notification_conditions_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "notification_settings" (
    "scope" TEXT NOT NULL,
    "slack" BOOLEAN NOT NULL DEFAULT true,
    "webhook" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "email_to" TEXT NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_status_next_attempt_at_idx" ON "notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notifications_destination_status_idx" ON "notifications"("destination", "status");

-- CreateIndex
CREATE INDEX "notifications_item_id_idx" ON "notifications"("item_id");

-- CreateIndex
CREATE INDEX "notifications_workspace_id_created_at_idx" ON "notifications"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_conditions_resolved_at_idx" ON "notification_conditions"("resolved_at");
