-- The event log's entity filter (/events?entity=…, lib/queries/events.ts entityCandidates) finds the
-- entities whose uid, address or name contains the text, in any case: Prisma's `contains` with mode
-- insensitive, "column" ILIKE '%x%'. The uids (and client-ID requests' domain_name) had no index that
-- serves ILIKE, so each OR was a sequential scan: at 100,000 mailboxes 140 ms of the 217 ms of
-- GET /api/events?vendor=inkbox&entity=<address>, plus a scan of each other table. pg_trgm GIN
-- indexes on the plain columns make every side of each OR an index scan. lib/queries/search.ts
-- LIST_TRIGRAM_INDEXES names them and tests/integration/schema-drift.test.ts checks them. Where
-- pg_trgm cannot be created the filter still works (by scanning) and this says why.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX "mailboxes_uid_trgm_idx" ON "mailboxes" USING gin ("uid" gin_trgm_ops);
  CREATE INDEX "domains_uid_trgm_idx" ON "domains" USING gin ("uid" gin_trgm_ops);
  CREATE INDEX "consent_requests_uid_trgm_idx" ON "consent_requests" USING gin ("uid" gin_trgm_ops);
  CREATE INDEX "client_id_requests_uid_trgm_idx" ON "client_id_requests" USING gin ("uid" gin_trgm_ops);
  CREATE INDEX "client_id_requests_domain_name_trgm_idx" ON "client_id_requests" USING gin ("domain_name" gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'event entity filter: no trigram indexes (%); it is answered by a scan', SQLERRM;
END
$$;
