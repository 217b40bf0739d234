// Live notices across instances on PostgreSQL, at the library level: a notice sent by one
// connection reaches the listener of another; an ingest on "instance A" reaches the subscribers of
// "instance B" through NOTIFY; a killed listener connection reconnects and asks for a resync; a
// notice sent outside a transaction (a rejected delivery) travels the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { ensureTransport, subscribe } from "@/lib/live/bus";
import { NOTIFY_CHANNEL, type ChangeNotice } from "@/lib/live/notice";
import { backoffMs, LISTENER_APPLICATION_NAME, startPgListener, type PgListener } from "@/lib/live/postgres";
import { parseNotice } from "@/lib/live/notice";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { postgresForScaleOut } from "../helpers/postgres-gate";

/** Resolves with the first collected item matching `match`, or rejects after `ms`. */
function waitFor<T>(items: T[], match: (item: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = () => {
      const found = items.find(match);
      if (found !== undefined) return resolve(found);
      if (Date.now() > deadline) return reject(new Error(`timed out after ${ms} ms; saw ${JSON.stringify(items)}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe("notice payloads", () => {
  it("accepts a notice and refuses anything else", () => {
    expect(parseNotice('{"kind":"event","entityUid":"mb-1","eventId":3}')).toEqual({
      kind: "event",
      entityUid: "mb-1",
      eventId: 3,
    });
    expect(parseNotice('{"kind":"explode"}')).toBeNull();
    expect(parseNotice("not json")).toBeNull();
    expect(parseNotice(undefined)).toBeNull();
  });

  it("backs off exponentially up to the cap, with jitter", () => {
    expect(backoffMs(0, 100, 5000)).toBeGreaterThanOrEqual(75);
    expect(backoffMs(0, 100, 5000)).toBeLessThanOrEqual(125);
    expect(backoffMs(3, 100, 5000)).toBeGreaterThanOrEqual(600);
    expect(backoffMs(30, 100, 5000)).toBeLessThanOrEqual(6250);
  });
});

describe.skipIf(!(await postgresForScaleOut("PostgreSQL live fan-out")))("PostgreSQL live fan-out", () => {
  let t: TestDatabase;
  const listeners: PgListener[] = [];
  const sender = () => new pg.Client({ connectionString: t.url });

  /** A second instance's transport: its own LISTEN connection collecting what it hears. */
  async function instance(): Promise<{ listener: PgListener; heard: ChangeNotice[] }> {
    const heard: ChangeNotice[] = [];
    const listener = startPgListener({
      url: t.url,
      channel: NOTIFY_CHANNEL,
      onNotice: (n) => heard.push(n),
      onResync: () => heard.push({ kind: "resync" }),
      minBackoffMs: 20,
    });
    listeners.push(listener);
    await listener.ready;
    return { listener, heard };
  }

  beforeAll(async () => {
    configureInboxKit();
    resetConfig();
    t = await freshDatabase("postgresql");
  });
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
    await t.drop();
  });

  it("delivers a notice sent by one client to a listener on another connection", async () => {
    const b = await instance();
    const client = sender();
    await client.connect();
    try {
      await client.query("SELECT pg_notify($1, $2)", [
        NOTIFY_CHANNEL,
        JSON.stringify({ kind: "event", entityUid: "mb-remote" }),
      ]);
      await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, "{not a notice"]);
    } finally {
      await client.end();
    }
    expect(await waitFor(b.heard, (n) => n.entityUid === "mb-remote")).toEqual({
      kind: "event",
      entityUid: "mb-remote",
    });
    expect(b.heard).toHaveLength(1); // the malformed payload was dropped
  });

  it("an ingest's notice reaches another instance's listener and this process's subscribers, once each", async () => {
    const b = await instance();
    const local: ChangeNotice[] = [];
    const stop = subscribe((n) => local.push(n));
    try {
      await ensureTransport()!.listener.ready;
      const response = await POST(signedRequest(mailboxEvent("mb-fanout", "active", "2024-03-01T12:00:00.000Z")));
      expect(response.status).toBe(200);
      const notice = await waitFor(b.heard, (n) => n.entityUid === "mb-fanout");
      expect(notice).toMatchObject({ kind: "event", vendor: "inboxkit", entityType: "mailbox", workspaceId: "ws-1" });
      await waitFor(local, (n) => n.entityUid === "mb-fanout");
      await new Promise((r) => setTimeout(r, 200));
      expect(local.filter((n) => n.entityUid === "mb-fanout")).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it("nothing is announced for a transaction that rolled back", async () => {
    const b = await instance();
    const client = sender();
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_notify($1, $2)", [
        NOTIFY_CHANNEL,
        JSON.stringify({ kind: "event", entityUid: "mb-rolled-back" }),
      ]);
      await client.query("ROLLBACK");
      await client.query("SELECT pg_notify($1, $2)", [
        NOTIFY_CHANNEL,
        JSON.stringify({ kind: "event", entityUid: "mb-after" }),
      ]);
    } finally {
      await client.end();
    }
    await waitFor(b.heard, (n) => n.entityUid === "mb-after");
    expect(b.heard.some((n) => n.entityUid === "mb-rolled-back")).toBe(false);
  });

  it("a rejected delivery (published outside any transaction) reaches other instances", async () => {
    const b = await instance();
    await ensureTransport()!.listener.ready;
    const response = await POST(
      signedRequest(mailboxEvent("mb-bad", "active", "2024-03-01T12:00:00.000Z"), { secret: "wrong-secret" }),
    );
    expect(response.status).toBe(401);
    expect(await waitFor(b.heard, (n) => n.kind === "rejected")).toMatchObject({
      kind: "rejected",
      vendor: "inboxkit",
    });
  });

  it("reconnects after its backend is killed, announces a resync, and hears notices again", async () => {
    const b = await instance();
    const admin = sender();
    await admin.connect();
    try {
      const { rows } = await admin.query<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'`,
        [LISTENER_APPLICATION_NAME],
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.killed)).toBe(true);
      await waitFor(b.heard, (n) => n.kind === "resync");
      expect(b.listener.connected()).toBe(true);
      await admin.query("SELECT pg_notify($1, $2)", [
        NOTIFY_CHANNEL,
        JSON.stringify({ kind: "event", entityUid: "mb-after-reconnect" }),
      ]);
      await waitFor(b.heard, (n) => n.entityUid === "mb-after-reconnect");
    } finally {
      await admin.end();
    }
  });

  it("the process-wide transport also resyncs its subscribers after a reconnect", async () => {
    const local: ChangeNotice[] = [];
    const stop = subscribe((n) => local.push(n));
    const admin = sender();
    await admin.connect();
    try {
      await ensureTransport()!.listener.ready;
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1`,
        [LISTENER_APPLICATION_NAME],
      );
      await waitFor(local, (n) => n.kind === "resync", 10_000);
    } finally {
      stop();
      await admin.end();
    }
  });
});
