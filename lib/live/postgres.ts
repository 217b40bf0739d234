// The cross-instance transport for change notices on PostgreSQL. Each instance holds ONE dedicated
// `pg` connection that LISTENs on the notice channel and hands every notification to `onNotice`
// (lib/live/bus.ts delivers it to this instance's SSE streams). When the connection drops (server
// restart, failover, pg_terminate_backend) it reconnects with capped exponential backoff and then
// calls `onResync`: notices sent while it was away are lost (NOTIFY is not stored), so browsers are
// told to revalidate everything. The same connection sends notices that do not ride in an ingest
// transaction (e.g. a rejected delivery) with pg_notify.
import pg from "pg";
import { noticePayload, parseNotice, type ChangeNotice } from "./notice";
import { log } from "../log";

/** How the listener connection shows in pg_stat_activity (operators and tests look for it). */
export const LISTENER_APPLICATION_NAME = "dashboard-live-listener";

export type PgListenerOptions = {
  url: string;
  channel: string;
  onNotice: (notice: ChangeNotice) => void;
  /** Called after every reconnect (not after the first connect): notices may have been missed. */
  onResync: () => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
};

export type PgListener = {
  /** Resolves once the first LISTEN is in place (tests wait for it; production does not need to). */
  readonly ready: Promise<void>;
  readonly connected: () => boolean;
  /** Sends a notice to every instance (this one included) outside any transaction. */
  notify(notice: ChangeNotice): Promise<void>;
  close(): Promise<void>;
};

/** The delay before reconnect attempt `attempt` (0-based): doubling from min to max, with ±25 % jitter. */
export function backoffMs(attempt: number, min = 100, max = 5000): number {
  const base = Math.min(max, min * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function startPgListener(options: PgListenerOptions): PgListener {
  const { url, channel, onNotice, onResync, minBackoffMs = 100, maxBackoffMs = 5000 } = options;
  let client: pg.Client | null = null;
  let closed = false;
  let everConnected = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const scheduleReconnect = (reason: string) => {
    if (closed || timer) return;
    const delay = backoffMs(attempt++, minBackoffMs, maxBackoffMs);
    log.warn("live notice listener disconnected; reconnecting", { reason, inMs: delay, attempt });
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref?.();
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({
      connectionString: url,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 3000,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      next.removeAllListeners("notification");
      void next.end().catch(() => undefined);
      scheduleReconnect(reason);
    };
    next.on("error", (error) => onLost(error.message));
    next.on("end", () => onLost("connection ended"));
    next.on("notification", (message) => {
      if (message.channel !== channel) return;
      const notice = parseNotice(message.payload);
      if (notice) onNotice(notice);
      else log.warn("ignored a malformed live notice", { channel });
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (closed || lost) {
      void next.end().catch(() => undefined);
      return;
    }
    client = next;
    attempt = 0;
    if (everConnected) {
      log.info("live notice listener reconnected; asking browsers to revalidate", { channel });
      onResync();
    }
    everConnected = true;
    resolveReady();
  };

  void connect();

  return {
    ready,
    connected: () => client !== null,
    async notify(notice) {
      const payload = noticePayload(notice);
      // Right after start-up the connection may still be opening: wait for it briefly, once.
      if (!client && !everConnected) await Promise.race([ready, new Promise((r) => setTimeout(r, 2000).unref?.())]);
      if (!client) throw new Error("live notice listener is not connected");
      await client.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const open = client;
      client = null;
      resolveReady();
      if (open) {
        open.removeAllListeners();
        open.on("error", () => undefined);
        await open.end().catch(() => undefined);
      }
    },
  };
}
