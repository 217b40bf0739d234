-- The overview chart's counts per closed hour (lib/queries/charts.ts): an hour is counted from the
-- raw rows once, after it ended, then read from here; the chart counts only the open hours itself.

-- CreateTable
CREATE TABLE "delivery_hours" (
    "hour" TIMESTAMP(3) NOT NULL,
    "accepted" INTEGER NOT NULL,
    "stale" INTEGER NOT NULL,
    "refused" INTEGER NOT NULL,

    CONSTRAINT "delivery_hours_pkey" PRIMARY KEY ("hour")
);
