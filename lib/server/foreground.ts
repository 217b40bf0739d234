// Background work gives way to requests. The notification scheduler's round at 100,000 mailboxes
// takes about a second of CPU every 30 s, in steps of 10-45 ms with a yield between them; an
// operator's page read that arrived meanwhile took its turns between the round's steps, so a 100 ms
// read could take 300-600 ms. Work run through `inBackground` now waits at each yield (`breathe`)
// while requests are in flight, for at most MAX_GIVE_WAY_MS, so it still finishes under steady
// traffic. Requests are counted by the HTTP server (lib/cli/serve.ts); live streams are not requests
// in flight here (they stay open for hours).
import { AsyncLocalStorage } from "node:async_hooks";

/** The longest one yield of background work waits for requests to finish. */
export const MAX_GIVE_WAY_MS = 100;

/**
 * One state per process, on globalThis: `npm start` loads this module twice, once for the HTTP server
 * (lib/cli/serve.ts, which counts the requests) and once inside Next's bundle, where instrumentation.ts
 * starts the scheduler and retention. With a state per copy, the bundle's rounds saw no requests.
 */
type Foreground = { background: AsyncLocalStorage<true>; inFlight: number; waiting: (() => void)[] };
const shared = globalThis as unknown as { __foreground?: Foreground };
const state = (shared.__foreground ??= { background: new AsyncLocalStorage<true>(), inFlight: 0, waiting: [] });

/** A request has started; call the returned function once when it has been answered (idempotent). */
export function requestStarted(): () => void {
  state.inFlight += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.inFlight -= 1;
    if (state.inFlight > 0) return;
    const waiters = state.waiting;
    state.waiting = [];
    for (const resume of waiters) resume();
  };
}

/** Runs `work` as background work: its `breathe()` calls give way to requests in flight. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return state.background.run(true, work);
}

/**
 * Yields to the event loop between statements of a long walk, so requests are served meanwhile; in
 * background work, also waits (at most MAX_GIVE_WAY_MS) until no request is in flight.
 */
export async function breathe(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (!state.background.getStore() || state.inFlight === 0) return;
  await new Promise<void>((resolve) => {
    const resume = () => {
      clearTimeout(timer);
      state.waiting = state.waiting.filter((w) => w !== resume);
      resolve();
    };
    const timer = setTimeout(resume, MAX_GIVE_WAY_MS);
    state.waiting.push(resume);
  });
}
