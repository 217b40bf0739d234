-- Global search (GET /api/search): case-insensitive prefix matches (lower(column) LIKE 'abc%') answer
-- from these expression indexes. Prisma cannot declare them; lib/queries/search.ts names them and
-- tests/integration/schema-drift.test.ts checks them.
CREATE INDEX "mailboxes_email_search_idx" ON "mailboxes"(lower("email") text_pattern_ops);
CREATE INDEX "mailboxes_uid_search_idx" ON "mailboxes"(lower("uid") text_pattern_ops);
CREATE INDEX "mailboxes_workspace_id_search_idx" ON "mailboxes"(lower("workspace_id") text_pattern_ops);
CREATE INDEX "domains_name_search_idx" ON "domains"(lower("name") text_pattern_ops);
CREATE INDEX "domains_uid_search_idx" ON "domains"(lower("uid") text_pattern_ops);
CREATE INDEX "domains_workspace_id_search_idx" ON "domains"(lower("workspace_id") text_pattern_ops);
CREATE INDEX "consent_requests_uid_search_idx" ON "consent_requests"(lower("uid") text_pattern_ops);
CREATE INDEX "client_id_requests_uid_search_idx" ON "client_id_requests"(lower("uid") text_pattern_ops);

-- A part in the middle of an address or domain name (lower(column) LIKE '%doe@acme%') answers from a
-- trigram index: pg_trgm is a trusted extension shipped with PostgreSQL, so the database's owner may
-- create it. Where it cannot be created, search still works (by scanning) and this says why.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX "mailboxes_email_trgm_search_idx" ON "mailboxes" USING gin (lower("email") gin_trgm_ops);
  CREATE INDEX "domains_name_trgm_search_idx" ON "domains" USING gin (lower("name") gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'search: no trigram indexes (%); a part in the middle of an address is found by a scan', SQLERRM;
END
$$;
