// Change notices: small messages ("mailbox X changed") that tell open pages what to revalidate.
// Notices carry ids, never rows. Shared by the ingest transaction (which sends them with NOTIFY on
// PostgreSQL), the in-process bus (bus.ts), the PostgreSQL listener (postgres.ts) and the stream.
import { z } from "zod";

/** The PostgreSQL NOTIFY channel that carries notices between instances. */
export const NOTIFY_CHANNEL = "dashboard_changes";

/** PostgreSQL caps a NOTIFY payload at 8000 bytes; notices are ids only, far below that. */
export const MAX_NOTICE_BYTES = 7900;

export type ChangeNotice = {
  /** `operator`: an operator acted (acknowledge, snooze, settings); pages revalidate. */
  kind: "event" | "rejected" | "resync" | "operator";
  vendor?: string;
  entityType?: string | null;
  entityUid?: string | null;
  workspaceId?: string | null;
  eventId?: number;
  outcome?: string;
};

/**
 * A notice as it travels between instances. One that would not fit (a vendor sent an absurdly long
 * id) becomes "revalidate everything": the delivery must still commit, and pages still catch up.
 */
export function noticePayload(notice: ChangeNotice): string {
  const payload = JSON.stringify(notice);
  return Buffer.byteLength(payload) <= MAX_NOTICE_BYTES
    ? payload
    : JSON.stringify({ kind: "resync" } satisfies ChangeNotice);
}

const noticeSchema = z.object({
  kind: z.enum(["event", "rejected", "resync"]),
  vendor: z.string().optional(),
  entityType: z.string().nullable().optional(),
  entityUid: z.string().nullable().optional(),
  workspaceId: z.string().nullable().optional(),
  eventId: z.number().optional(),
  outcome: z.string().optional(),
});

/** A notification payload as a notice, or null when it is not one of ours (logged, never thrown). */
export function parseNotice(payload: string | undefined): ChangeNotice | null {
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(payload ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
