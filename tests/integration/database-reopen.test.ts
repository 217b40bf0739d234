// A database that cannot be opened on the first request (disk full, file in the way) must not stay
// broken for the process's life: once the cause is gone, the next request opens it again.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { closeDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";

describe("a failed first open of the SQLite file", () => {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-reopen-"));
  const path = join(dir, "dashboard.db");
  afterAll(async () => {
    await closeDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 while the file cannot be opened, then stores deliveries once it can, without a restart", async () => {
    configureInboxKit();
    resetConfig();
    await closeDatabase();
    process.env.DATABASE_URL = `file:${path}`;
    mkdirSync(path); // a directory where the database file should be: SQLite cannot open it
    const body = mailboxEvent("mb-reopen", "active", "2024-05-01T00:00:00.000Z");

    const refused = await POST(signedRequest(body));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");

    rmSync(path, { recursive: true });
    await migrate(`file:${path}`);
    const retried = await POST(signedRequest(body));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ received: true, outcome: "applied" });
  });
});
