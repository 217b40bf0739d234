-- The scheduler's round counter (lib/notify/scheduler.ts): each round that writes moves it on from the
-- value it read before its first read, so when two rounds overlap (two processes on one SQLite file)
-- the one whose reads the other's commit overtook fails the CHECK and writes nothing.
-- CreateTable
CREATE TABLE "notification_scheduler" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "round" INTEGER NOT NULL DEFAULT 0 CHECK ("round" >= 0)
);

INSERT INTO "notification_scheduler" ("id", "round") VALUES (1, 0);
