// Change notices: small messages ("mailbox X changed") that tell open pages what to revalidate.
// Notices carry ids, never rows. This in-process bus serves one instance (SQLite); a cross-instance
// transport (PostgreSQL LISTEN/NOTIFY) plugs in behind the same publish/subscribe.
import { EventEmitter } from "node:events";
import { databaseUrl, providerOf } from "./db/provider";
import { startPgListener, type PgListener } from "./live-postgres";
import { log } from "./log";

/** The PostgreSQL NOTIFY channel that carries notices between instances. */
export const NOTIFY_CHANNEL = "dashboard_changes";

/** PostgreSQL caps a NOTIFY payload at 8000 bytes; notices are ids only, far below that. */
export const MAX_NOTICE_BYTES = 7900;

export type ChangeNotice = {
  kind: "event" | "rejected" | "resync";
  vendor?: string;
  entityType?: string | null;
  entityUid?: string | null;
  workspaceId?: string | null;
  eventId?: number;
  outcome?: string;
};

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

let remote: ((notice: ChangeNotice) => void) | null = null;

/** A cross-instance transport registers here; it must call publishLocal for notices it receives. */
export function setRemotePublisher(publish: ((notice: ChangeNotice) => void) | null): void {
  remote = publish;
}

/**
 * Announce a change made by this instance. With a cross-instance transport registered (PostgreSQL),
 * notices already travel through it (ingest sends them inside its transaction), so `publish` only
 * forwards what did not; otherwise subscribers in this process hear it directly.
 */
export function publish(notice: ChangeNotice): void {
  ensureTransport();
  if (remote) remote(notice);
  else publishLocal(notice);
}

export function subscribe(listener: (notice: ChangeNotice & { id: number }) => void): () => void {
  ensureTransport();
  const { emitter } = bus();
  emitter.on("notice", listener);
  return () => emitter.off("notice", listener);
}

/**
 * On PostgreSQL, starts this process's one LISTEN connection (lib/live-postgres.ts) the first time
 * notices are published or subscribed to, and registers it as the remote publisher. Follows
 * DATABASE_URL: a different database replaces the transport; SQLite needs none.
 */
export function ensureTransport(): PgListener | null {
  const url = databaseUrl();
  let postgres = false;
  try {
    postgres = providerOf(url) === "postgresql";
  } catch {
    // an invalid DATABASE_URL is reported by the database client and configuration checks
  }
  const current = holder.__liveTransport;
  if (current && current.url === url) {
    if (remote !== current.publish) setRemotePublisher(current.publish); // this module was reloaded (next dev)
    return current.listener;
  }
  if (current) void stopTransport();
  if (!postgres) return null;
  const listener = startPgListener({ url, channel: NOTIFY_CHANNEL, onNotice: publishLocal, onResync: () => publishLocal({ kind: "resync" }) });
  const publishRemote = (notice: ChangeNotice) => {
    listener.notify(notice).catch((error: Error) => {
      // Other instances miss this one; this instance's browsers still hear it.
      log.warn("could not send a live notice to other instances", { kind: notice.kind, error: error.message });
      publishLocal(notice);
    });
  };
  holder.__liveTransport = { url, listener, publish: publishRemote };
  setRemotePublisher(publishRemote);
  return listener;
}

/** Closes the LISTEN connection (the database is being closed or switched). */
export async function stopTransport(): Promise<void> {
  const current = holder.__liveTransport;
  if (!current) return;
  holder.__liveTransport = undefined;
  setRemotePublisher(null);
  await current.listener.close();
}

/**
 * A notice as it travels between instances. One that would not fit (a vendor sent an absurdly long
 * id) becomes "revalidate everything": the delivery must still commit, and pages still catch up.
 */
export function noticePayload(notice: ChangeNotice): string {
  const payload = JSON.stringify(notice);
  return Buffer.byteLength(payload) <= MAX_NOTICE_BYTES ? payload : JSON.stringify({ kind: "resync" } satisfies ChangeNotice);
}
