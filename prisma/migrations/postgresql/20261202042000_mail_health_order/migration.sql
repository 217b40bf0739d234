-- The mailboxes list's order by mail health (sort=mailHealth, lib/queries/mail-order.ts): a key per
-- mailbox computed from mail_rollups, valid until an hour of its mail leaves the 24 h or 7 d window
-- or new mail arrives (the Inkbox ingest clears mail_health_until and bumps mail_seq). Every existing
-- row starts without a key (mail_health_until NULL): the first sorted read computes them.

-- AlterTable
ALTER TABLE "mailboxes" ADD COLUMN "mail_health_key" TEXT;
ALTER TABLE "mailboxes" ADD COLUMN "mail_health_until" TIMESTAMP(3);
ALTER TABLE "mailboxes" ADD COLUMN "mail_seq" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "mailboxes_mail_health_key_idx" ON "mailboxes"("mail_health_key");
CREATE INDEX "mailboxes_mail_health_until_idx" ON "mailboxes"("mail_health_until");
