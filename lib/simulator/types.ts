// The simulator's contract. A scenario turns a context (workspace, start time, secrets) into the
// deliveries a vendor would send, each already signed exactly as that vendor signs it. InboxKit
// scenarios live in lib/simulator/scenarios.ts, Inkbox ones in lib/simulator/inkbox.ts; both export
// `Scenario` values and lib/cli/simulate.ts plays whichever it is asked for.
import type { InboxKitScheme } from "../webhooks/inboxkit/verify";

export type Vendor = "inboxkit" | "inkbox";

/** One HTTP request, ready to send: POST `body` (raw bytes as sent) to `path` with `headers`. */
export type SimDelivery = {
  vendor: Vendor;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** What a person reads in the simulator's output, e.g. "mailbox jane@… → configuring_dns". */
  label: string;
};

/** A delivery with an optional pause before it (milliseconds; without one the player waits `ctx.delay`). */
export type SimStep = { delay?: number; delivery: SimDelivery };

export type ScenarioContext = {
  /** Workspace every entity belongs to (InboxKit `metadata.workspace_id`). */
  workspaceId: string;
  /** Vendor time of the first event; later events move forward from it. */
  now: Date;
  /** Unique per run, so repeated runs create new entities instead of replaying old ones. */
  runId: string;
  /** The vendor's signing secret as configured on the server (first key of the list). */
  secret(vendor: Vendor): string;
  /** InboxKit signature scheme to sign with. */
  scheme: InboxKitScheme;
  /** The pause between deliveries the player uses by default (ms); scenarios scale longer pauses from it. */
  delay: number;
};

export type Scenario = {
  name: string;
  description: string;
  deliveries(ctx: ScenarioContext): SimDelivery[] | SimStep[];
};

/** Either form a scenario may return, as steps. */
export function toSteps(items: SimDelivery[] | SimStep[]): SimStep[] {
  return (items as (SimDelivery | SimStep)[]).map((item) => ("delivery" in item ? item : { delivery: item }));
}
