// An operator read that PostgreSQL ends at the pool's statement timeout (lib/db/client.ts) is answered
// 503 with the one JSON error shape and Retry-After, not a bare 500. The read is made to time out for
// real: another session holds webhook_events locked, so the read waits until the timeout cancels it.
// SQLite has no statement timeout (its reads never wait on a writer in WAL mode): nothing to map there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as eventsExportGET } from "@/app/api/events/export/route";
import { GET as mailboxesGET } from "@/app/api/mailboxes/route";
import { GET as mailboxesExportGET } from "@/app/api/mailboxes/export/route";
import { GET as mailboxGET } from "@/app/api/mailboxes/[uid]/route";
import { GET as domainsExportGET } from "@/app/api/domains/export/route";
import { GET as domainGET } from "@/app/api/domains/[uid]/route";
import { GET as requestGET } from "@/app/api/requests/[uid]/route";
import { GET as workspaceGET } from "@/app/api/workspaces/[workspaceId]/route";
import { GET as eventGET } from "@/app/api/events/[id]/route";
import { GET as timelineGET } from "@/app/api/events/timeline/route";
import { GET as attentionGET } from "@/app/api/attention/route";
import { resetConfig } from "@/lib/config";
import { freshDatabase, postgresAvailable, type TestDatabase } from "../helpers/db";

const TOKEN = "read-timeout-token-0123456789abcdef";
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

const postgres = (await postgresAvailable()) || process.env.REQUIRE_POSTGRES === "1";

describe.runIf(postgres)("operator reads past the statement timeout on postgresql", () => {
  let t: TestDatabase;
  let locker: pg.Client;

  beforeAll(async () => {
    Object.assign(process.env, { DASHBOARD_API_TOKEN: TOKEN, SESSION_SECRET: "read-timeout-session-secret-0123" });
    resetConfig();
    t = await freshDatabase("postgresql");
    locker = new pg.Client({ connectionString: t.url });
    await locker.connect();
  });

  afterAll(async () => {
    await locker?.end();
    await t?.drop();
  });

  async function whileLocked(read: () => Promise<Response>): Promise<Response> {
    await locker.query("BEGIN");
    await locker.query(
      'LOCK TABLE "webhook_events", "mailboxes", "domains", "consent_requests", "client_id_requests" IN ACCESS EXCLUSIVE MODE',
    );
    try {
      return await read();
    } finally {
      await locker.query("ROLLBACK");
    }
  }

  it.each([
    ["GET /api/events?q=", () => eventsGET(get("/api/events?q=echo&limit=50"))],
    ["GET /api/events/export", () => eventsExportGET(get("/api/events/export?q=echo"))],
    ["GET /api/mailboxes", () => mailboxesGET(get("/api/mailboxes?q=u1"))],
    ["GET /api/mailboxes/export", () => mailboxesExportGET(get("/api/mailboxes/export"))],
    ["GET /api/mailboxes/:uid", () => mailboxGET(get("/api/mailboxes/mb-1"), params({ uid: "mb-1" }))],
    ["GET /api/domains/export", () => domainsExportGET(get("/api/domains/export"))],
    ["GET /api/domains/:uid", () => domainGET(get("/api/domains/dm-1"), params({ uid: "dm-1" }))],
    ["GET /api/requests/:uid", () => requestGET(get("/api/requests/rq-1"), params({ uid: "rq-1" }))],
    ["GET /api/workspaces/:id", () => workspaceGET(get("/api/workspaces/ws-1"), params({ workspaceId: "ws-1" }))],
    ["GET /api/events/:id", () => eventGET(get("/api/events/1"), params({ id: "1" }))],
    ["GET /api/events/timeline", () => timelineGET(get("/api/events/timeline?entityType=domain&uid=dm-1"))],
    ["GET /api/attention", () => attentionGET(get("/api/attention"))],
  ])(
    "%s answers 503 with Retry-After",
    async (_name, read) => {
      const response = await whileLocked(read);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await response.json()).toEqual({
        error: { code: "read_timeout", message: expect.stringMatching(/timed out/) },
      });
    },
    20_000,
  );

  it("answers the same read once the lock is gone", async () => {
    const response = await eventsGET(get("/api/events?q=echo&limit=50"));
    expect(response.status).toBe(200);
  });
});
