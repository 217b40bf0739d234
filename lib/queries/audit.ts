// The audit log as pages for the global /audit page and a workspace's page, newest first.
import { z } from "zod";
import { parseJsonColumn, ready } from "./db";

export const auditQuery = z
  .object({
    workspace: z.string().trim().min(1).max(200).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  workspaceId: string | null;
  summary: string;
  detail: Record<string, unknown>;
};

export type AuditPage = { rows: AuditRow[]; nextBefore: number | null };

export async function listAudit(query: AuditQuery): Promise<AuditPage> {
  const prisma = await ready();
  const rows = await prisma.auditLog.findMany({
    where: {
      ...(query.workspace ? { workspaceId: query.workspace } : {}),
      ...(query.before ? { id: { lt: query.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    rows: page.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      detail: parseJsonColumn<Record<string, unknown>>(r.detail, {}),
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1].id : null,
  };
}
