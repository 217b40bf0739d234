-- The lists' text filter (/mailboxes?q=, /domains?q=, lib/queries/list.ts textWhere) is Prisma's
-- case-insensitive contains: "column" ILIKE '%x%' on the plain column. The global search's trigram
-- indexes are on lower(column) and cannot serve it, so each such search read all 100,000 mailboxes
-- (1-1.4 s). pg_trgm GIN indexes on the plain columns answer ILIKE directly. lib/queries/search.ts
-- LIST_TRIGRAM_INDEXES names them and tests/integration/schema-drift.test.ts checks them. Where
-- pg_trgm cannot be created the lists still work (by scanning) and this says why.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX "mailboxes_email_trgm_idx" ON "mailboxes" USING gin ("email" gin_trgm_ops);
  CREATE INDEX "mailboxes_domain_name_trgm_idx" ON "mailboxes" USING gin ("domain_name" gin_trgm_ops);
  CREATE INDEX "domains_name_trgm_idx" ON "domains" USING gin ("name" gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'lists: no trigram indexes (%); a text filter is answered by a scan', SQLERRM;
END
$$;
