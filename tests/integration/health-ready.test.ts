// Liveness and readiness: /api/health answers while the process and its database answer;
// /api/health/ready also says whether the database accepts writes (the last write's outcome, and a
// one-row probe write when that outcome is unknown or a failure), and answers 503 when it does not.
import { describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { GET as live } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { sqlitePath } from "@/lib/db/provider";
import { noteWrite } from "@/lib/db/write-health";
import { readiness } from "@/lib/queries/health";
import { providers } from "../helpers/db";
import { mailboxEvent, signedRequest, useInboxKitDatabase } from "../helpers/inboxkit";

const answer = async (response: Response) => ({
  status: response.status,
  body: await response.json(),
  cache: response.headers.get("cache-control"),
});

describe.each(await providers())("health on %s", (provider) => {
  const t = useInboxKitDatabase(provider);

  it("is ready on a fresh database: the probe write succeeds", async () => {
    expect(await answer(await ready())).toEqual({
      status: 200,
      body: { ready: true, database: "up", writes: "ok", provider },
      cache: "no-store",
    });
    expect(await answer(await live())).toMatchObject({ status: 200, body: { ok: true, database: "up", provider } });
  });

  it("reports a failed write as not ready until a write succeeds again; liveness stays up", async () => {
    noteWrite(false);
    expect(await readiness({ probeIntervalMs: 60_000 })).toMatchObject({ ready: false, writes: "failing" });
    expect((await ready()).status).toBe(503);
    expect((await live()).status).toBe(200);
    const stored = await POST(
      signedRequest(mailboxEvent(`mb-ready-${provider}`, "active", "2024-05-01T00:00:00.000Z")),
    );
    expect(stored.status).toBe(200);
    expect(await answer(await ready())).toMatchObject({ status: 200, body: { ready: true, writes: "ok" } });
  });

  it("finds out by itself that writes work again (no delivery needed)", async () => {
    noteWrite(false);
    expect(await readiness({ probeIntervalMs: 0 })).toMatchObject({ ready: true, writes: "ok" });
  });

  // SQLite only: PostgreSQL has no database-wide write lock to hold.
  if (provider === "sqlite")
    it("is not ready while another process holds the write lock past the budget", async () => {
      process.env.SQLITE_BUSY_TIMEOUT_MS = "50";
      const blocker = new BetterSqlite3(sqlitePath(t.url));
      blocker.prepare("BEGIN IMMEDIATE").run();
      try {
        const refused = await POST(
          signedRequest(mailboxEvent("mb-ready-locked", "active", "2024-05-01T00:00:00.000Z")),
        );
        expect(refused.status).toBe(503);
        expect(await readiness({ probeIntervalMs: 0 })).toMatchObject({
          ready: false,
          database: "up",
          writes: "failing",
        });
      } finally {
        blocker.prepare("ROLLBACK").run();
        blocker.close();
        delete process.env.SQLITE_BUSY_TIMEOUT_MS;
      }
      expect(await readiness({ probeIntervalMs: 0 })).toMatchObject({ ready: true, writes: "ok" });
    });
});
