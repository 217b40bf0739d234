-- The attention queue's mail items from the kept mail-health key (lib/queries/mail-order.ts) instead of
-- summing mail_rollups on every read: a failing or bounces-rising key also keeps when its trouble began
-- (the first hour of its 24 h window with a bounce or failure), the item's since. Keys computed before
-- this column have none: those of failing / bounces-rising mailboxes are marked to be computed again.

-- AlterTable
ALTER TABLE "mailboxes" ADD COLUMN "mail_health_since" DATETIME;

UPDATE "mailboxes" SET "mail_health_until" = NULL WHERE "mail_health_key" < '2';

-- The queue's ranges per status (lib/queries/attention-queue.ts) counted from the index alone: a domain's
-- DNS propagation status, a request's subject and last change (for "a newer request replaced it")
-- beside (status, status_since); the replaced-request check itself a seek on (subject, last change).
DROP INDEX "domains_status_status_since_idx";
CREATE INDEX "domains_attention_idx" ON "domains"("status", "status_since", "dns_propagation_status");
CREATE INDEX "domains_dns_propagation_status_status_since_idx" ON "domains"("dns_propagation_status", "status_since");
DROP INDEX "consent_requests_status_status_since_idx";
CREATE INDEX "consent_requests_attention_idx" ON "consent_requests"("status", "status_since", "mailbox_id", "last_occurred_at");
DROP INDEX "client_id_requests_status_status_since_idx";
CREATE INDEX "client_id_requests_attention_idx" ON "client_id_requests"("status", "status_since", "domain_name", "last_occurred_at");
DROP INDEX "consent_requests_mailbox_id_idx";
CREATE INDEX "consent_requests_mailbox_id_last_occurred_at_idx" ON "consent_requests"("mailbox_id", "last_occurred_at");
DROP INDEX "client_id_requests_domain_name_idx";
CREATE INDEX "client_id_requests_domain_name_last_occurred_at_idx" ON "client_id_requests"("domain_name", "last_occurred_at");
