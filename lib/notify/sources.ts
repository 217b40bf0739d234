// Where the scheduler learns what is open: the attention queue (lib/queries/attention.ts, which
// includes undeliverable notifications) and bursts of refused deliveries; and who hears
// about a workspace (its workspace settings).
import type { Database } from "../db/client";
import { isOpen, type AttentionItem } from "../attention/evaluate";
import { nextStep } from "../attention/next-step";
import { UNSTORABLE } from "../webhooks/quarantine";
import { attentionItems, refusalCounts, WALK_PAGE } from "../queries/attention";
import { breathe, parseJsonColumn } from "../queries/db";
import { humanDuration } from "./duration";
import {
  defaultWorkspaceSettings,
  type NotifySources,
  type OpenItem,
  type WorkspaceNotifySettings,
} from "./conditions";

/**
 * Refused deliveries alert when this many arrive within the window, per vendor and reason; an
 * `unstorable` one at once (it was verified genuine, and the database refused it 3 times already).
 */
export const REFUSED_THRESHOLD = 3;
export const REFUSED_WINDOW_MS = 5 * 60_000;
const thresholdOf = (reason: string) => (reason === UNSTORABLE ? 1 : REFUSED_THRESHOLD);

const words = (s: string) => s.replace(/_/g, " ").replace(/\bdns\b/gi, "DNS");
const ENTITY_WORD: Record<string, string> = {
  domain: "Domain",
  mailbox: "Mailbox",
  consent_request: "Consent request",
  client_id_request: "Client-ID request",
  vendor: "Deliveries",
};

const NEXT_STEP: Record<AttentionItem["kind"], string> = {
  stuck: "Check it with the vendor; the item page shows its timeline.",
  failed: "It needs action now: open it for the vendor's reason.",
  customer_action: "The customer has to act: send them their onboarding link, or nudge them.",
  mail: "Check the mailbox's recent bounces and failures.",
  refused_deliveries: "Every refused genuine delivery is lost: check the signature settings on the Deliveries page.",
};

function pathOf(item: AttentionItem): string {
  const uid = encodeURIComponent(item.uid ?? "");
  if (item.kind === "refused_deliveries") return "/deliveries";
  if (item.entityType === "notification") return "/notifications?status=failed";
  if (item.entityType === "domain") return `/domains/${uid}`;
  if (item.entityType === "mailbox" && item.uid) return `/mailboxes/${uid}`;
  if (item.workspaceId) return `/workspaces/${encodeURIComponent(item.workspaceId)}`;
  return "/requests";
}

function titleOf(item: AttentionItem): string {
  if (item.entityType === "notification") return item.label;
  const what = `${ENTITY_WORD[item.entityType] ?? words(item.entityType)} ${item.label}`;
  switch (item.kind) {
    case "stuck":
      return `${what} stuck in ${words(item.status)}`;
    case "failed":
      return `${what}: ${words(item.status)}`;
    case "customer_action":
      return `${what} waits for the customer`;
    case "mail":
      return `Mail of ${item.label}: ${words(item.status)}`;
    case "refused_deliveries":
      return item.label;
  }
}

/** An attention item in the words of an alert. */
export function openItemOf(item: AttentionItem): OpenItem {
  const age = `${words(item.status)} for ${humanDuration(item.ageSeconds * 1000)}`;
  const budget = item.budgetSeconds !== null ? ` (budget ${humanDuration(item.budgetSeconds * 1000)})` : "";
  const type = (["consent_request", "client_id_request"] as const).find((t) => t === item.entityType);
  const request = item.kind === "customer_action" && type && item.uid ? { type, uid: item.uid } : undefined;
  return {
    id: item.id,
    kind: item.kind,
    severity: item.severity,
    workspaceId: item.workspaceId,
    title: titleOf(item),
    body:
      item.entityType === "notification"
        ? ["Check the channel's settings on the Notifications page, then send a test: a delivered message ends this."]
        : [
            `${item.workspaceId ? `Workspace ${item.workspaceId}: ` : ""}${age}${budget}.`,
            item.status === UNSTORABLE ? nextStep(item) : NEXT_STEP[item.kind],
          ],
    path: pathOf(item),
    since: new Date(item.since),
    silenced: !isOpen(item),
    request,
    subject: item.uid && item.kind !== "refused_deliveries" ? `${item.entityType}:${item.uid}` : undefined,
    // Never announce a channel's failure on that same channel.
    channel: item.entityType === "notification" ? item.uid?.split(":")[0] : undefined,
  };
}

/**
 * Vendor+reason pairs with at least their threshold of refusals in the last REFUSED_WINDOW_MS,
 * stored or counted past the storage cap.
 */
async function refusedBursts(db: Database, now: Date): Promise<Set<string>> {
  const counts = await refusalCounts(db.prisma, new Date(now.getTime() - REFUSED_WINDOW_MS + 1), now);
  return new Set(counts.filter((c) => c.count >= thresholdOf(c.reason)).map((c) => `${c.vendor}:${c.reason}`));
}

/**
 * Every open item. A refused-deliveries item stays quiet (present, so not resolved) until its
 * vendor and reason reach the threshold; once alerted, it resolves when the queue drops it.
 */
export async function openItems(db: Database, now: Date): Promise<OpenItem[]> {
  const [queue, bursts] = await Promise.all([attentionItems(now), refusedBursts(db, now)]);
  const out: OpenItem[] = [];
  // WALK_PAGE at a time with a yield between: at scale (tens of thousands of items) one pass would
  // hold the event loop for hundreds of milliseconds.
  for (let i = 0; i < queue.length; i += WALK_PAGE) {
    for (const item of queue.slice(i, i + WALK_PAGE)) {
      const open = openItemOf(item);
      if (item.kind === "refused_deliveries" && !bursts.has(`${item.uid}:${item.status}`)) open.silenced = true;
      out.push(open);
    }
    await breathe();
  }
  return out;
}

export async function workspaceSettings(db: Database, ids: string[]): Promise<Map<string, WorkspaceNotifySettings>> {
  const rows = ids.length ? await db.prisma.workspaceSettings.findMany({ where: { workspaceId: { in: ids } } }) : [];
  const byId = new Map(rows.map((r) => [r.workspaceId, r]));
  return new Map(
    ids.map((id) => {
      const r = byId.get(id);
      if (!r) return [id, defaultWorkspaceSettings(id)];
      return [
        id,
        {
          workspaceId: id,
          contactEmail: r.contactEmail,
          contactName: r.contactName,
          displayName: r.displayName,
          notifyEmails: parseJsonColumn<string[]>(r.notifyEmails, []),
          nudges: r.nudges,
        },
      ];
    }),
  );
}

export function defaultSources(db: Database): NotifySources {
  return { items: (now) => openItems(db, now), workspaces: (ids) => workspaceSettings(db, ids) };
}
