"use client";
// One EventSource per tab. Each `change` event (lib/live/protocol.ts StreamSummary: the server sends
// at most one per 100 ms window, however many deliveries it held) revalidates the SWR keys of the
// JSON API ("/api/…"); opening (and re-opening) the stream and a `resync` revalidate everything, so
// a missed notice heals itself. useLive() tells the connection state, the last notice, how many
// notices the summaries covered and when the last one was written.
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { SWRConfig, useSWRConfig } from "swr";
import { STREAM_EVENTS, type StreamNotice, type StreamSummary } from "@/lib/live/protocol";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";
export type LiveState = {
  status: LiveStatus;
  last: StreamNotice | null;
  /** Notices heard since the page opened (a summary counts every notice of its window). */
  received: number;
  /** When the server wrote the last summary (epoch ms). */
  lastAt: number | null;
};

const NONE = { last: null, received: 0, lastAt: null };
const LiveContext = createContext<LiveState>({ status: "offline", ...NONE });

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** After the server closed the stream for good (e.g. 401), try again this often. */
const REOPEN_MS = 15_000;

const isApiKey = (key: unknown): boolean =>
  (typeof key === "string" && key.startsWith("/api/")) ||
  (Array.isArray(key) && typeof key[0] === "string" && key[0].startsWith("/api/"));

export function LiveProvider({
  streamUrl = "/api/stream",
  children,
}: {
  streamUrl?: string;
  children: React.ReactNode;
}) {
  const { mutate } = useSWRConfig();
  const [state, setState] = useState<LiveState>({ status: "connecting", ...NONE });
  const mutateRef = useRef(mutate);
  useEffect(() => {
    mutateRef.current = mutate;
  }, [mutate]);

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let opened = false;

    const revalidateApi = () => void mutateRef.current(isApiKey);
    const revalidateAll = () => void mutateRef.current(() => true);

    const open = () => {
      source = new EventSource(streamUrl);
      source.onopen = () => {
        setState((s) => ({ ...s, status: "live" }));
        // A reconnect may have missed notices: refetch everything once.
        if (opened) revalidateAll();
        opened = true;
      };
      source.addEventListener(STREAM_EVENTS.change, (event) => {
        let summary: StreamSummary;
        try {
          summary = JSON.parse((event as MessageEvent<string>).data) as StreamSummary;
        } catch {
          return;
        }
        // No batching here: the server already sends at most one summary per window.
        revalidateApi();
        setState((s) => ({
          status: "live",
          last: summary.last,
          received: s.received + summary.count,
          lastAt: summary.at,
        }));
      });
      source.addEventListener(STREAM_EVENTS.resync, revalidateAll);
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) {
          // Refused (signed out, link expired) or gone: refetch now, so the page shows why.
          setState((s) => ({ ...s, status: "offline" }));
          revalidateAll();
          reopen = setTimeout(open, REOPEN_MS);
        } else {
          setState((s) => ({ ...s, status: "reconnecting" }));
        }
      };
    };
    open();

    return () => {
      source?.close();
      if (reopen) clearTimeout(reopen);
    };
  }, [streamUrl]);

  // Safety nets besides the stream: focus, reconnect and a modest interval.
  const swr = useMemo(() => ({ revalidateOnFocus: true, revalidateOnReconnect: true, refreshInterval: 30_000 }), []);
  return (
    <LiveContext.Provider value={state}>
      <SWRConfig value={swr}>{children}</SWRConfig>
    </LiveContext.Provider>
  );
}
