-- CreateTable
CREATE TABLE "notification_triggers" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entity_type" TEXT NOT NULL,
    "entity_uid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_since" DATETIME NOT NULL,
    "label" TEXT NOT NULL,
    "workspace_id" TEXT,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_triggers_condition_key" ON "notification_triggers"("entity_type", "entity_uid", "status", "status_since");
