-- CreateTable
CREATE TABLE "notification_triggers" (
    "id" SERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_uid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_since" TIMESTAMP(3) NOT NULL,
    "label" TEXT NOT NULL,
    "workspace_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_triggers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_triggers_condition_key" ON "notification_triggers"("entity_type", "entity_uid", "status", "status_since");
