-- CreateTable
CREATE TABLE "health_probe" (
    "id" INTEGER NOT NULL,
    "checked_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "health_probe_pkey" PRIMARY KEY ("id")
);
