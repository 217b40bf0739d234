// Inkbox mail events grouped per message, for the mailbox page: one row per message with what
// became of it (sent → delivered, sent → bounced with the reason), newest first. Pure.
import type { MailActivityItem } from "./queries/mail-activity";

export type MailMessage = {
  /** The event that says where the message ended up (the newest by vendor time; a bounce or failure beats a delivery). */
  outcome: MailActivityItem;
  /** Every event of the message, oldest first. */
  events: MailActivityItem[];
  /** "sent → delivered": the kinds in order, repeats removed. */
  trail: string[];
};

const FINAL_RANK: Record<string, number> = { failed: 3, bounced: 2, delivered: 1 };

const byTime = (a: MailActivityItem, b: MailActivityItem) => a.occurredAt.localeCompare(b.occurredAt) || a.id - b.id;

export function groupMailByMessage(items: MailActivityItem[]): MailMessage[] {
  const groups = new Map<string, MailActivityItem[]>();
  for (const item of items) {
    const key = item.messageUid || `event-${item.id}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const messages = [...groups.values()].map((group): MailMessage => {
    const events = [...group].sort(byTime);
    const outcome = events.reduce((best, e) => {
      const rank = FINAL_RANK[e.kind] ?? 0;
      const bestRank = FINAL_RANK[best.kind] ?? 0;
      return rank > bestRank || (rank === bestRank && byTime(e, best) >= 0) ? e : best;
    });
    const trail = events.map((e) => String(e.kind)).filter((kind, i, all) => i === 0 || all[i - 1] !== kind);
    return { outcome, events, trail };
  });
  return messages.sort((a, b) => byTime(b.outcome, a.outcome));
}
