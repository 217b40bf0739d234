// The scale stage of `npm run bench` (BENCH_ONLY=scale; not in the default run, it takes many minutes):
// seeds, at BENCH_SCALE (a fraction, default 1), 100,000 mailboxes, 20,000 domains, 50,000 requests
// (consent and client-ID), 2,000,000 InboxKit status events and 5,000,000 Inkbox mail events (their
// webhook_events and mail_activity rows, and mail_rollups counted from them) in 1,000 workspaces, set-based
// inside the database (tests/bench/seed.ts, tests/bench/events.ts), then times every operator page and
// GET API (SCALE_READS) through a running server, on each database of BENCH_SCALE_DBS.
import type { Provider } from "@/lib/db/provider";
import { entitySql, insertEntities, openBulk, withoutSecondaryIndexes, type Bulk, type EntityCounts } from "./seed";
import {
  COMMON_WORDS,
  insertMailEvents,
  insertMailRollups,
  insertStatusEvents,
  RARE_WORD,
  type EventShape,
} from "./events";

const FULL = {
  workspaces: 1_000,
  domains: 20_000,
  mailboxes: 100_000,
  consentRequests: 30_000,
  clientIdRequests: 20_000,
  statusEvents: 2_000_000,
  mailEvents: 5_000_000,
};
export type ScaleCounts = typeof FULL;

/** The full-scale counts times `fraction` (each at least 1). */
export function scaleCounts(fraction: number): ScaleCounts {
  return Object.fromEntries(
    Object.entries(FULL).map(([k, v]) => [k, Math.max(1, Math.round(v * fraction))]),
  ) as ScaleCounts;
}

const DAY = 86_400;
const TABLES = [
  "domains",
  "mailboxes",
  "consent_requests",
  "client_id_requests",
  "webhook_events",
  "mail_activity",
  "mail_rollups",
] as const;

/**
 * Status events about the seeded entities (n % 10: 0–4 a mailbox, 5–7 a domain, 8 a consent request,
 * 9 a client-ID request), each in its entity's workspace, spread over the 30 days before `nowSeconds`.
 */
function statusShape(c: EntityCounts, events: number, nowSeconds: number): EventShape {
  return {
    rows: (bulk, from, to) => {
      const e = entitySql(bulk, c);
      return `SELECT n, entity_type,
          CASE entity_type WHEN 'mailbox' THEN ${e.mailboxUid("i")} WHEN 'domain' THEN ${e.domainUid("i")}
            WHEN 'consent_request' THEN ${e.requestUid.consent_request("i")} ELSE ${e.requestUid.client_id_request("i")} END AS uid,
          CASE entity_type WHEN 'mailbox' THEN ${e.mailboxWorkspace("i")} WHEN 'domain' THEN ${e.workspace("i")}
            WHEN 'consent_request' THEN ${e.mailboxWorkspace(e.mailboxOf.consent_request("i"))}
            ELSE ${e.mailboxWorkspace(e.mailboxOf.client_id_request("i"))} END AS ws
        FROM (SELECT n,
            CASE WHEN n % 10 < 5 THEN 'mailbox' WHEN n % 10 < 8 THEN 'domain' WHEN n % 10 = 8 THEN 'consent_request' ELSE 'client_id_request' END AS entity_type,
            CASE WHEN n % 10 < 5 THEN ((n / 10) * 5 + n % 10) % ${c.mailboxes}
              WHEN n % 10 < 8 THEN ((n / 10) * 3 + n % 10 - 5) % ${c.domains}
              WHEN n % 10 = 8 THEN (n / 10) % ${c.consentRequests} ELSE (n / 10) % ${c.clientIdRequests} END AS i
          FROM ${bulk.series(from, to)}) AS s`;
    },
    startSeconds: nowSeconds - 30 * DAY,
    stepSeconds: (30 * DAY - 60) / events,
  };
}

export type Seeded = ScaleCounts & {
  seconds: number;
  /** Rows found after seeding, and whether the rollups add up to the mail rows. */
  found: Record<string, number>;
  rollupsMatch: boolean;
  /** A mail event id (for /api/events/:id). */
  sampleEventId: number;
};

/** Seeds a fresh, migrated database; mail spans the 24 hours before now, status events the 30 days. */
export async function seedScale(provider: Provider, url: string, c: ScaleCounts): Promise<Seeded> {
  const started = performance.now();
  const now = Math.floor(Date.now() / 1000);
  const bulk = await openBulk(provider, url);
  try {
    const e = entitySql(bulk, c);
    await withoutSecondaryIndexes(bulk, TABLES, async () => {
      await insertEntities(bulk, c, now);
      await insertStatusEvents(bulk, c.statusEvents, statusShape(c, c.statusEvents, now));
      await insertMailEvents(bulk, c.mailEvents, {
        mailboxes: c.mailboxes,
        email: (_b, m) => e.mailboxEmail(m),
        workspace: (_b, m) => e.mailboxWorkspace(m),
        startSeconds: now - DAY,
        spanSeconds: DAY - 60,
      });
      await insertMailRollups(bulk);
    });
    return { ...c, ...(await describe(bulk)), seconds: (performance.now() - started) / 1000 };
  } finally {
    await bulk.close();
  }
}

/** What a seeded database holds: rows per table, whether the rollups add up to the mail rows, a mail event id. */
async function describe(bulk: Bulk): Promise<Omit<Seeded, keyof ScaleCounts | "seconds">> {
  const found: Record<string, number> = {};
  for (const table of TABLES)
    found[table] = Number((await bulk.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);
  const [sums] = await bulk.query<{ rolled: number | string; rows: number | string }>(
    `SELECT (SELECT SUM("sent" + "delivered" + "bounced" + "failed" + "received" + "forwarded") FROM "mail_rollups") AS rolled,
      (SELECT COUNT(*) FROM "mail_activity") AS rows`,
  );
  const [sample] = await bulk.query<{ id: number | string }>(
    `SELECT MAX("id") AS id FROM "webhook_events" WHERE "vendor" = 'inkbox'`,
  );
  return { found, rollupsMatch: Number(sums.rolled) === Number(sums.rows), sampleEventId: Number(sample.id) };
}

/** describe() of a database seeded earlier (BENCH_SCALE_REUSE). */
export async function describeScale(provider: Provider, url: string) {
  const bulk = await openBulk(provider, url);
  try {
    return await describe(bulk);
  } finally {
    await bulk.close();
  }
}

/**
 * PostgreSQL: VACUUM (ANALYZE) the seeded tables before timing reads. This machine's server runs with
 * `autovacuum = off` (/etc/postgresql/15/main/conf.d/90-ci.conf); a production server vacuums by itself,
 * and without it the visibility map stays empty (no index-only scans: counts read the whole table) and
 * dead rows left by earlier runs pile up. SQLite needs nothing here.
 */
export async function vacuumScale(provider: Provider, url: string): Promise<number> {
  if (provider !== "postgresql") return 0;
  const started = performance.now();
  const bulk = await openBulk(provider, url);
  try {
    await bulk.run(`VACUUM (ANALYZE) ${TABLES.map((t) => `"${t}"`).join(", ")}`);
  } finally {
    await bulk.close();
  }
  return (performance.now() - started) / 1000;
}

/** Every operator page and GET API an operator uses, with the sorted and filtered variants (path per name). */
export function scaleReads(c: ScaleCounts, eventId: number): Record<string, string> {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const mailbox = Math.floor(c.mailboxes * 0.4321);
  const domain = mailbox % c.domains;
  const ws = `ws-${pad(domain % c.workspaces, 4)}`;
  const mbx = `mbx-${pad(mailbox, 6)}`;
  const dom = `dom-${pad(domain, 5)}`;
  const email = `u${mailbox}@customer${domain}.example.com`;
  const consent = `cr-${pad(Math.floor(c.consentRequests / 3), 5)}`;
  const clientId = `cid-${pad(Math.floor(c.clientIdRequests / 3), 5)}`;
  return {
    // pages
    "/ (overview and attention queue)": "/",
    "/domains": "/domains",
    "/domains?sort=timeInStatus": "/domains?sort=timeInStatus",
    "/domains?attention=open": "/domains?attention=open",
    "/domains/:uid": `/domains/${dom}`,
    "/mailboxes": "/mailboxes",
    "/mailboxes?sort=timeInStatus": "/mailboxes?sort=timeInStatus",
    "/mailboxes?attention=open": "/mailboxes?attention=open",
    "/mailboxes?status=failed": "/mailboxes?status=failed",
    "/mailboxes?q=": `/mailboxes?q=customer${domain}`,
    "/mailboxes/:uid": `/mailboxes/${mbx}`,
    "/workspaces/:id": `/workspaces/${ws}`,
    "/requests": "/requests",
    "/requests?type=client_id_request": "/requests?type=client_id_request",
    "/requests?attention=open": "/requests?attention=open",
    "/requests/:uid": `/requests/${consent}`,
    "/requests/:uid (client ID)": `/requests/${clientId}`,
    "/events": "/events",
    "/events?vendor=inkbox&entity=": `/events?vendor=inkbox&entity=${email}`,
    "/events?q=": `/events?q=${RARE_WORD}`,
    "/deliveries": "/deliveries",
    "/notifications": "/notifications",
    "/audit": "/audit",
    "/settings": "/settings",
    // APIs
    "GET /api/overview": "/api/overview",
    "GET /api/attention": "/api/attention",
    "GET /api/mailboxes": "/api/mailboxes",
    "GET /api/mailboxes?sort=timeInStatus": "/api/mailboxes?sort=timeInStatus",
    "GET /api/mailboxes?attention=open": "/api/mailboxes?attention=open",
    "GET /api/mailboxes?sort=email&page=1000": "/api/mailboxes?sort=email&page=1000",
    "GET /api/mailboxes?workspace=": `/api/mailboxes?workspace=${ws}`,
    "GET /api/mailboxes?q=": `/api/mailboxes?q=u${mailbox}`,
    "GET /api/mailboxes/:uid": `/api/mailboxes/${mbx}`,
    "GET /api/domains": "/api/domains",
    "GET /api/domains?sort=timeInStatus": "/api/domains?sort=timeInStatus",
    "GET /api/domains/:uid": `/api/domains/${dom}`,
    "GET /api/requests": "/api/requests",
    "GET /api/requests?type=client_id_request&attention=open": "/api/requests?type=client_id_request&attention=open",
    "GET /api/requests?q=": `/api/requests?q=u${mailbox}@`,
    "GET /api/requests/:uid": `/api/requests/${consent}`,
    "GET /api/workspaces/:id": `/api/workspaces/${ws}`,
    "GET /api/workspaces/:id/settings": `/api/workspaces/${ws}/settings`,
    "GET /api/events": "/api/events?limit=50",
    "GET /api/events?entityType=mailbox&status=active&workspace=": `/api/events?entityType=mailbox&status=active&workspace=${ws}&limit=50`,
    "GET /api/events?vendor=inkbox&entity=": `/api/events?vendor=inkbox&entity=${email}&limit=50`,
    "GET /api/events?q= (rare word)": `/api/events?q=${RARE_WORD}&limit=50`,
    "GET /api/events?q= (common word)": `/api/events?q=${COMMON_WORDS[4]}&limit=50`,
    "GET /api/events?q=&entityType=mailbox": `/api/events?q=${COMMON_WORDS[4]}&entityType=mailbox&limit=50`,
    "GET /api/events/:id": `/api/events/${eventId}`,
    "GET /api/events/timeline": `/api/events/timeline?entityType=mailbox&uid=${mbx}`,
    "GET /api/search?q=": `/api/search?q=customer${domain}`,
    "GET /api/search?q= (uid)": `/api/search?q=${mbx}`,
    "GET /api/deliveries": "/api/deliveries",
    "GET /api/notifications": "/api/notifications",
    "GET /api/notifications/settings": "/api/notifications/settings",
    "GET /api/audit": "/api/audit",
    "GET /api/settings/budgets": "/api/settings/budgets",
    "GET /api/mailboxes/export (CSV, capped 10,000)": "/api/mailboxes/export",
    "GET /api/domains/export (CSV)": "/api/domains/export",
    "GET /api/events/export (CSV)": `/api/events/export?workspace=${ws}`,
    "GET /api/health/ready": "/api/health/ready",
    "GET /api/metrics": "/api/metrics",
  };
}

/**
 * The p95 target: searches 300 ms, everything else 150 ms, except the CSV exports (a download of up to
 * 10,000 rows, timed for the record with no target: null).
 */
export const targetMs = (name: string): number | null => (/export/.test(name) ? null : /\bq=/.test(name) ? 300 : 150);
