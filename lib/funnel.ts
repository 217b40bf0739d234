// The overview's onboarding funnel: domains and mailboxes per status group (the status table's tone),
// in the order onboarding moves through them. Pure: the server folds the counts, the page draws them.
import { domainStatus, mailboxStatus, type Tone } from "./customer-status";

/** The funnel's groups, in the order onboarding moves through them. */
export const FUNNEL_GROUPS: { tone: Tone; label: string }[] = [
  { tone: "working", label: "In progress" },
  { tone: "attention", label: "Waiting on the customer" },
  { tone: "problem", label: "Problem" },
  { tone: "done", label: "Active" },
  { tone: "inactive", label: "Inactive" },
];

export type Funnel = Record<Tone, number>;

/** Counts by vendor status folded into the funnel's groups (the status table's tone). Pure. */
export function funnel(counts: Record<string, number>, type: "domain" | "mailbox"): Funnel {
  const out: Funnel = { working: 0, attention: 0, problem: 0, done: 0, inactive: 0 };
  const tone = type === "domain" ? domainStatus : mailboxStatus;
  for (const [status, n] of Object.entries(counts)) out[tone(status).tone] += n;
  return out;
}
