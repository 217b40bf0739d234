-- Global search (GET /api/search): case-insensitive prefix matches answer from these indexes (SQLite's
-- LIKE 'abc%' uses an index only when it is NOCASE). Prisma cannot declare a collation on an index;
-- lib/queries/search.ts names them and tests/integration/schema-drift.test.ts checks them.
CREATE INDEX "mailboxes_email_search_idx" ON "mailboxes"("email" COLLATE NOCASE);
CREATE INDEX "mailboxes_uid_search_idx" ON "mailboxes"("uid" COLLATE NOCASE);
CREATE INDEX "mailboxes_workspace_id_search_idx" ON "mailboxes"("workspace_id" COLLATE NOCASE);
CREATE INDEX "domains_name_search_idx" ON "domains"("name" COLLATE NOCASE);
CREATE INDEX "domains_uid_search_idx" ON "domains"("uid" COLLATE NOCASE);
CREATE INDEX "domains_workspace_id_search_idx" ON "domains"("workspace_id" COLLATE NOCASE);
CREATE INDEX "consent_requests_uid_search_idx" ON "consent_requests"("uid" COLLATE NOCASE);
CREATE INDEX "client_id_requests_uid_search_idx" ON "client_id_requests"("uid" COLLATE NOCASE);
