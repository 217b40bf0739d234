// Change notices: small messages ("mailbox X changed") that tell open pages what to revalidate.
// Notices carry ids, never rows. This in-process bus serves one instance (SQLite); a cross-instance
// transport (PostgreSQL LISTEN/NOTIFY) plugs in behind the same publish/subscribe.
import { EventEmitter } from "node:events";
import { databaseUrl } from "../config";
import { providerOf } from "../db/provider";
import { startPgListener, type PgListener } from "./postgres";
import { log } from "../log";
import { NOTIFY_CHANNEL, type ChangeNotice } from "./notice";
import { onDatabaseClose } from "../db/client";

type Bus = { emitter: EventEmitter; seq: number };
type Transport = { url: string; listener: PgListener; publish: (notice: ChangeNotice) => void };
const holder = globalThis as unknown as { __liveBus?: Bus; __liveTransport?: Transport };

function bus(): Bus {
  if (!holder.__liveBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    holder.__liveBus = { emitter, seq: 0 };
  }
  return holder.__liveBus;
}

/** Deliver a notice to this instance's subscribers (each SSE stream is one). */
export function publishLocal(notice: ChangeNotice): void {
  const b = bus();
  b.seq += 1;
  b.emitter.emit("notice", { id: b.seq, ...notice });
}

/**
 * Announce a change made by this instance outside an ingest transaction (which sends its own
 * notice on PostgreSQL). On PostgreSQL it goes through NOTIFY to every instance, this one included;
 * on SQLite straight to this process's subscribers.
 */
export function publish(notice: ChangeNotice): void {
  const transport = ensureTransport();
  if (transport) transport.publish(notice);
  else publishLocal(notice);
}

export function subscribe(listener: (notice: ChangeNotice & { id: number }) => void): () => void {
  void ensureTransport();
  const { emitter } = bus();
  emitter.on("notice", listener);
  return () => emitter.off("notice", listener);
}

/** Ends every live stream of this process (graceful shutdown); browsers reconnect, to another instance if there is one. */
export function endStreams(): void {
  bus().emitter.emit("end");
}

/** Calls `listener` when the process ends its live streams; returns the unsubscribe. */
export function onStreamsEnd(listener: () => void): () => void {
  const { emitter } = bus();
  emitter.once("end", listener);
  return () => emitter.off("end", listener);
}

/**
 * On PostgreSQL, starts this process's one LISTEN connection (lib/live/postgres.ts) the first time
 * notices are published or subscribed to. Follows DATABASE_URL: a different database replaces the
 * transport; SQLite needs none.
 */
export function ensureTransport(): Transport | null {
  const url = databaseUrl();
  let postgres = false;
  try {
    postgres = providerOf(url) === "postgresql";
  } catch {
    // an invalid DATABASE_URL is reported by the database client and configuration checks
  }
  const current = holder.__liveTransport;
  if (current && current.url === url) return current;
  if (current) void stopTransport();
  if (!postgres) return null;
  const listener = startPgListener({
    url,
    channel: NOTIFY_CHANNEL,
    onNotice: publishLocal,
    onResync: () => publishLocal({ kind: "resync" }),
  });
  const publishRemote = (notice: ChangeNotice) => {
    listener.notify(notice).catch((error: Error) => {
      // Other instances miss this one; this instance's browsers still hear it.
      log.warn("could not send a live notice to other instances", { kind: notice.kind, error: error.message });
      publishLocal(notice);
    });
  };
  holder.__liveTransport = { url, listener, publish: publishRemote };
  return holder.__liveTransport;
}

/** Closes the LISTEN connection (the database is being closed or switched). */
export async function stopTransport(): Promise<void> {
  const current = holder.__liveTransport;
  if (!current) return;
  holder.__liveTransport = undefined;
  await current.listener.close();
}

// The LISTEN connection goes with the database: closing it (tests switch databases, the start
// script shuts down) stops the transport too. The db layer knows only the hook, never this module.
onDatabaseClose("live-transport", stopTransport);
