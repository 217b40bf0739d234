// The audit log: every operator action (acknowledge, snooze, settings changes, and later re-apply or
// re-verify) with who, what and when. "Who" is the signed-in operator's email, or "api token" for a
// script using DASHBOARD_API_TOKEN.
import type { Operator } from "../auth/session";
import type { Db } from "../db/client";

export type AuditAction =
  | "attention.acknowledge"
  | "attention.snooze"
  | "workspace.settings"
  | "settings.budgets"
  | "notifications.settings"
  | "notifications.test"
  | "event.reapply"
  | "events.reapply"
  | "deliveries.reverify";

export type AuditEntry = {
  action: AuditAction;
  targetType: string;
  targetId: string;
  workspaceId?: string | null;
  /** One sentence a person reads in the log. */
  summary: string;
  detail?: Record<string, unknown>;
};

/** The name the log records for an operator. */
export function actorOf(operator: Operator): string {
  return operator.via === "token" ? "api token" : operator.email;
}

/** One entry, as a statement for the caller's batch transaction (the action and its record commit together). */
export function auditStatement(prisma: Db, operator: Operator, entry: AuditEntry, at: Date) {
  return prisma.auditLog.create({
    data: {
      at,
      actor: actorOf(operator),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      workspaceId: entry.workspaceId ?? null,
      summary: entry.summary.slice(0, 1000),
      detail: JSON.stringify(entry.detail ?? {}),
    },
  });
}
