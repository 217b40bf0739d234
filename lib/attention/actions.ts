// Operator actions on attention items: acknowledge (with a note) and snooze (until a time). Each is
// stored by the item's stable id together with its audit-log entry in one transaction, and
// announced on the live stream so every open overview drops the item. An item that is not in the
// queue at `now` (it resolved, or the id is unknown) cannot be acted on: 404.
import { z } from "zod";
import type { Operator } from "../auth/session";
import { actorOf, auditStatement } from "../audit/record";
import { publish } from "../live/bus";
import { attentionItems } from "../queries/attention";
import { ready } from "../queries/db";
import type { AttentionItem } from "./evaluate";

export const MAX_SNOOZE_DAYS = 30;

export const acknowledgeBody = z.object({ note: z.string().trim().max(1000).default("") }).strict();
export const snoozeBody = z.object({ until: z.iso.datetime({ offset: true }) }).strict();

export type ActionResult =
  { ok: true; item: AttentionItem } | { ok: false; status: 400 | 404; code: string; message: string };

async function findItem(id: string, now: Date): Promise<AttentionItem | null> {
  return (await attentionItems(now)).find((i) => i.id === id) ?? null;
}

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

export async function acknowledgeItem(
  id: string,
  note: string,
  operator: Operator,
  now: Date = new Date(),
): Promise<ActionResult> {
  const item = await findItem(id, now);
  if (!item) return notFound(id);
  const prisma = await ready();
  const by = actorOf(operator);
  const fields = { acknowledgedBy: by, acknowledgedAt: now, note, updatedAt: now };
  await prisma.$transaction([
    prisma.attentionHandling.upsert({
      where: { itemId: id },
      create: { itemId: id, ...target(item), ...fields },
      update: fields,
    }),
    auditStatement(
      prisma,
      operator,
      {
        action: "attention.acknowledge",
        targetType: item.entityType,
        targetId: item.uid ?? item.label,
        workspaceId: item.workspaceId,
        summary: `Acknowledged ${item.kind.replace(/_/g, " ")} "${item.label}" (${item.status})${note ? `: ${note}` : ""}`,
        detail: { itemId: id, kind: item.kind, status: item.status, severity: item.severity, note },
      },
      now,
    ),
  ]);
  publish({ kind: "operator", workspaceId: item.workspaceId });
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
  const prisma = await ready();
  const fields = { snoozedUntil: until, snoozedBy: actorOf(operator), updatedAt: now };
  await prisma.$transaction([
    prisma.attentionHandling.upsert({
      where: { itemId: id },
      create: { itemId: id, ...target(item), ...fields },
      update: fields,
    }),
    auditStatement(
      prisma,
      operator,
      {
        action: "attention.snooze",
        targetType: item.entityType,
        targetId: item.uid ?? item.label,
        workspaceId: item.workspaceId,
        summary: `Snoozed ${item.kind.replace(/_/g, " ")} "${item.label}" (${item.status}) until ${until.toISOString()}`,
        detail: {
          itemId: id,
          kind: item.kind,
          status: item.status,
          severity: item.severity,
          until: until.toISOString(),
        },
      },
      now,
    ),
  ]);
  publish({ kind: "operator", workspaceId: item.workspaceId });
  return { ok: true, item: { ...item, snoozedUntil: until.toISOString() } };
}
