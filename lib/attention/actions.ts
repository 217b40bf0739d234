// Operator actions on attention items: acknowledge (with a note) and snooze (until a time). Each is
// stored by the item's stable id together with its audit-log entry in one transaction, and
// announced on the live stream so every open overview drops the item. An item that is not in the
// queue at `now` (it resolved, or the id is unknown) cannot be acted on: 404.
import { z } from "zod";
import type { Operator } from "../auth/session";
import { actorOf, auditStatement, type AuditAction } from "../audit/record";
import { publish } from "../live/bus";
import { findAttentionItem } from "../queries/attention";
import { ready } from "../queries/db";
import type { AttentionItem } from "./evaluate";

export const MAX_SNOOZE_DAYS = 30;

export const acknowledgeBody = z.object({ note: z.string().trim().max(1000).default("") }).strict();
export const snoozeBody = z.object({ until: z.iso.datetime({ offset: true }) }).strict();

export type ActionResult =
  { ok: true; item: AttentionItem } | { ok: false; status: 400 | 404; code: string; message: string };

const findItem = (id: string, now: Date): Promise<AttentionItem | null> => findAttentionItem(id, now);

const notFound = (id: string): ActionResult => ({
  ok: false,
  status: 404,
  code: "not_found",
  message: `No attention item ${id} needs action now (it may have resolved)`,
});

const target = (item: AttentionItem) => ({
  kind: item.kind,
  entityType: item.entityType,
  entityUid: item.uid,
  workspaceId: item.workspaceId,
  label: item.label,
});

type Handled = {
  fields: Record<string, unknown>;
  action: AuditAction;
  /** The audit summary around the item's name: `<verb> <kind> "<label>" (<status>)<suffix>`. */
  verb: string;
  suffix: string;
  detail: Record<string, unknown>;
};

/** Records an operator's handling of the item and its audit entry in one transaction, then tells pages. */
async function handleItem(item: AttentionItem, operator: Operator, now: Date, h: Handled): Promise<void> {
  const prisma = await ready();
  const fields = { ...h.fields, updatedAt: now };
  await prisma.$transaction([
    prisma.attentionHandling.upsert({
      where: { itemId: item.id },
      create: { itemId: item.id, ...target(item), ...fields },
      update: fields,
    }),
    auditStatement(
      prisma,
      operator,
      {
        action: h.action,
        targetType: item.entityType,
        targetId: item.uid ?? item.label,
        workspaceId: item.workspaceId,
        summary: `${h.verb} ${item.kind.replace(/_/g, " ")} "${item.label}" (${item.status})${h.suffix}`,
        detail: { itemId: item.id, kind: item.kind, status: item.status, severity: item.severity, ...h.detail },
      },
      now,
    ),
  ]);
  publish({ kind: "operator", workspaceId: item.workspaceId });
}

export async function acknowledgeItem(
  id: string,
  note: string,
  operator: Operator,
  now: Date = new Date(),
): Promise<ActionResult> {
  const item = await findItem(id, now);
  if (!item) return notFound(id);
  const by = actorOf(operator);
  await handleItem(item, operator, now, {
    fields: { acknowledgedBy: by, acknowledgedAt: now, note },
    action: "attention.acknowledge",
    verb: "Acknowledged",
    suffix: note ? `: ${note}` : "",
    detail: { note },
  });
  return { ok: true, item: { ...item, acknowledged: { by, at: now.toISOString(), note } } };
}

export async function snoozeItem(
  id: string,
  until: Date,
  operator: Operator,
  now: Date = new Date(),
): Promise<ActionResult> {
  if (until.getTime() <= now.getTime())
    return { ok: false, status: 400, code: "invalid_body", message: "until: must be in the future" };
  if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * 86_400_000) {
    return { ok: false, status: 400, code: "invalid_body", message: `until: at most ${MAX_SNOOZE_DAYS} days ahead` };
  }
  const item = await findItem(id, now);
  if (!item) return notFound(id);
  await handleItem(item, operator, now, {
    fields: { snoozedUntil: until, snoozedBy: actorOf(operator) },
    action: "attention.snooze",
    verb: "Snoozed",
    suffix: ` until ${until.toISOString()}`,
    detail: { until: until.toISOString() },
  });
  return { ok: true, item: { ...item, snoozedUntil: until.toISOString() } };
}
