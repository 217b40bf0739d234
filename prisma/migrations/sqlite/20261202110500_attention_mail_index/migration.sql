-- The attention queue's mail items (lib/queries/attention.ts mailState) read from one index: failing and
-- bounces-rising keys with what an item needs beside them. Reading the 2,000 such mailboxes' rows at
-- 100,000 mailboxes took 45 ms on SQLite (a random page each); from this index 3 ms.
CREATE INDEX "mailboxes_mail_trouble_idx" ON "mailboxes"("mail_health_key", "mail_health_until", "mail_health_since", "uid", "email", "workspace_id");

-- The queue's mailbox ranges per status counted from the index alone: provisioning_since (the
-- whole-setup budget) beside (status, status_since).
DROP INDEX "mailboxes_status_status_since_idx";
CREATE INDEX "mailboxes_attention_idx" ON "mailboxes"("status", "status_since", "provisioning_since");
