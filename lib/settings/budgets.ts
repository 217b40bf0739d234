// The attention budgets as operators see and change them on /settings: each default with the value
// in force. Saving an override equal to the default (or null) removes it. Audit-logged.
import { z } from "zod";
import type { Operator } from "../auth/session";
import { actorOf, auditStatement } from "../audit/record";
import { publish } from "../live/bus";
import { ready } from "../queries/db";
import { loadBudgets } from "../queries/attention";
import { budgetKey, DEFAULT_BUDGETS, isBudgeted, MAX_BUDGET_SECONDS, MIN_BUDGET_SECONDS } from "../attention/budgets";
import type { EntityType } from "../ordering";

export type BudgetSetting = {
  entityType: EntityType;
  status: string;
  seconds: number;
  defaultSeconds: number;
  why: string;
};

export async function budgetSettings(): Promise<BudgetSetting[]> {
  const budgets = await loadBudgets();
  return DEFAULT_BUDGETS.map((b) => ({
    entityType: b.entityType,
    status: b.status,
    seconds: budgets.get(budgetKey(b.entityType, b.status))!,
    defaultSeconds: b.seconds,
    why: b.why,
  }));
}

export const budgetsBody = z
  .object({
    budgets: z
      .array(
        z
          .object({
            entityType: z.enum(["domain", "mailbox", "consent_request", "client_id_request"]),
            status: z.string().trim().min(1).max(100),
            /** null: back to the default. */
            seconds: z.number().int().min(MIN_BUDGET_SECONDS).max(MAX_BUDGET_SECONDS).nullable(),
          })
          .strict()
          .refine((b) => isBudgeted(b.entityType, b.status), {
            message: "no budget exists for this entity type and status",
          }),
      )
      .min(1)
      .max(DEFAULT_BUDGETS.length),
  })
  .strict();
export type BudgetsInput = z.infer<typeof budgetsBody>;

const words = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

export async function saveBudgets(
  input: BudgetsInput,
  operator: Operator,
  now: Date = new Date(),
): Promise<BudgetSetting[]> {
  const prisma = await ready();
  const current = await budgetSettings();
  const changes = input.budgets
    .map((b) => {
      const was = current.find((c) => c.entityType === b.entityType && c.status === b.status)!;
      return {
        ...b,
        seconds: b.seconds ?? was.defaultSeconds,
        was: was.seconds,
        isDefault: (b.seconds ?? was.defaultSeconds) === was.defaultSeconds,
      };
    })
    .filter((c) => c.seconds !== c.was);
  if (changes.length) {
    const by = (c: (typeof changes)[number]) => ({ entityType_status: { entityType: c.entityType, status: c.status } });
    await prisma.$transaction([
      ...changes.map((c) =>
        c.isDefault
          ? prisma.attentionBudget.deleteMany({ where: { entityType: c.entityType, status: c.status } })
          : prisma.attentionBudget.upsert({
              where: by(c),
              create: {
                entityType: c.entityType,
                status: c.status,
                seconds: c.seconds,
                updatedAt: now,
                updatedBy: actorOf(operator),
              },
              update: { seconds: c.seconds, updatedAt: now, updatedBy: actorOf(operator) },
            }),
      ),
      auditStatement(
        prisma,
        operator,
        {
          action: "settings.budgets",
          targetType: "budgets",
          targetId: "attention",
          summary: `Changed attention budgets: ${changes.map((c) => `${c.entityType} ${c.status} ${words(c.was)} → ${words(c.seconds)}`).join("; ")}`,
          detail: {
            changes: changes.map(({ entityType, status, was, seconds }) => ({
              entityType,
              status,
              from: was,
              to: seconds,
            })),
          },
        },
        now,
      ),
    ]);
    publish({ kind: "operator" });
  }
  return budgetSettings();
}
