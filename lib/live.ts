// Change notices: small messages ("mailbox X changed") that tell open pages what to revalidate.
// Notices carry ids, never rows. This in-process bus serves one instance (SQLite); a cross-instance
// transport (PostgreSQL LISTEN/NOTIFY) plugs in behind the same publish/subscribe.
import { EventEmitter } from "node:events";

/** The PostgreSQL NOTIFY channel that carries notices between instances. */
export const NOTIFY_CHANNEL = "dashboard_changes";

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
const holder = globalThis as unknown as { __liveBus?: Bus };

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
  if (remote) remote(notice);
  else publishLocal(notice);
}

export function subscribe(listener: (notice: ChangeNotice & { id: number }) => void): () => void {
  const { emitter } = bus();
  emitter.on("notice", listener);
  return () => emitter.off("notice", listener);
}
