// The change stream's wire vocabulary, shared by the server (lib/live/sse.ts) and the browser
// (components/live). Type-only imports: safe in a client bundle.
import type { ChangeNotice } from "./notice";

export const STREAM_EVENTS = { change: "change", resync: "resync", ready: "ready" } as const;

/** What a browser receives: ids and kinds only, never row contents. */
export type StreamNotice = ChangeNotice & { id: number };
