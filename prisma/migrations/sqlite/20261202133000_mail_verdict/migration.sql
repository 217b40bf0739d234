-- The attention queue's mail items from a trouble verdict each mailbox keeps (lib/queries/mail-verdict.ts)
-- instead of the list's sort key: the key expires whenever an hour of mail leaves a window (every hour
-- for a mailbox that mails every hour, so every mailbox row was rewritten at each hour boundary), the
-- verdict only when failing / bounces rising / no trouble, or since when, would change. Every verdict
-- starts due (mail_verdict_until NULL): the scheduler's walk computes them. The key no longer keeps
-- since when its trouble began, nor a covering index for the queue.

-- AlterTable
ALTER TABLE "mailboxes" ADD COLUMN "mail_verdict" TEXT;
ALTER TABLE "mailboxes" ADD COLUMN "mail_verdict_since" DATETIME;
ALTER TABLE "mailboxes" ADD COLUMN "mail_verdict_until" DATETIME;

DROP INDEX "mailboxes_mail_trouble_idx";
ALTER TABLE "mailboxes" DROP COLUMN "mail_health_since";

-- The queue's mail items read from the index alone; due verdicts along their until.
CREATE INDEX "mailboxes_mail_verdict_idx" ON "mailboxes"("mail_verdict", "mail_verdict_until", "mail_verdict_since", "uid", "email", "workspace_id");
CREATE INDEX "mailboxes_mail_verdict_until_idx" ON "mailboxes"("mail_verdict_until");
