-- Unstorable deliveries (issue 10 item 4): identical storage failures per vendor and raw body, so
-- that the third one is quarantined as `unstorable` instead of answered 503 forever.

-- CreateTable
CREATE TABLE "storage_failures" (
    "vendor" TEXT NOT NULL,
    "body_sha256" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "first_at" TIMESTAMP(3) NOT NULL,
    "last_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "storage_failures_pkey" PRIMARY KEY ("vendor","body_sha256")
);

-- CreateIndex
CREATE INDEX "storage_failures_last_at_idx" ON "storage_failures"("last_at");
