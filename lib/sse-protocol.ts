// The change stream's wire vocabulary, shared by the server (lib/sse.ts) and the browser
// (components/live). No imports: safe in a client bundle.
export const STREAM_EVENTS = { change: "change", resync: "resync", ready: "ready" } as const;

/** What a browser receives: ids and kinds only, never row contents. */
export type StreamNotice = {
  id: number;
  kind: "event" | "rejected" | "resync";
  vendor?: string;
  entityType?: string | null;
  entityUid?: string | null;
  workspaceId?: string | null;
  eventId?: number;
  outcome?: string;
};
