-- CreateTable
CREATE TABLE "health_probe" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "checked_at" DATETIME NOT NULL
);
