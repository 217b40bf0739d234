"use client";
// One EventSource per tab. Each change notice revalidates the SWR keys of the JSON API ("/api/…"),
// batched over a short window so a burst of deliveries costs one refetch per key; opening (and
// re-opening) the stream and a `resync` notice revalidate everything, so a missed notice heals
// itself. The last notice and the connection state are available through useLive().
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { SWRConfig, useSWRConfig } from "swr";
import { STREAM_EVENTS, type StreamNotice } from "@/lib/live/protocol";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";
export type LiveState = { status: LiveStatus; last: StreamNotice | null; received: number };

const LiveContext = createContext<LiveState>({ status: "offline", last: null, received: 0 });

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** Batch window for notices: well inside the 1 s "visible on an open page" budget. */
const BATCH_MS = 100;
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
  const [state, setState] = useState<LiveState>({ status: "connecting", last: null, received: 0 });
  const mutateRef = useRef(mutate);
  useEffect(() => {
    mutateRef.current = mutate;
  }, [mutate]);

  useEffect(() => {
    let source: EventSource | null = null;
    let batch: ReturnType<typeof setTimeout> | null = null;
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
        let notice: StreamNotice;
        try {
          notice = JSON.parse((event as MessageEvent<string>).data) as StreamNotice;
        } catch {
          return;
        }
        setState((s) => ({ status: "live", last: notice, received: s.received + 1 }));
        batch ??= setTimeout(() => {
          batch = null;
          revalidateApi();
        }, BATCH_MS);
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
      if (batch) clearTimeout(batch);
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
