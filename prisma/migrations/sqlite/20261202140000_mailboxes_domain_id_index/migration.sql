-- A domain's page and API list the mailboxes whose domain_id is the domain's uid or whose domain_name
-- is its name (lib/queries/domains.ts domainView). Only domain_name had an index, so the OR read
-- every mailbox row: at 100,000 mailboxes a sequential scan on PostgreSQL (GET /api/domains/:uid
-- p95 662 ms) and a full table scan on SQLite. With both sides indexed, each side is an index lookup.

-- CreateIndex
CREATE INDEX "mailboxes_domain_id_idx" ON "mailboxes"("domain_id");
