// Per-workspace settings an operator edits: a display name, the customer's contact (shown on the
// customer page as "Questions? Contact …"), the OAuth scopes shown with the client ID, notification
// recipients, and whether the customer gets nudges. The JSON shape is the contract of
// GET/PUT /api/workspaces/:id/settings. A PUT may leave fields out (they keep their values);
// unknown fields are refused.
import { z } from "zod";
import type { Prisma } from "../generated/sqlite/client";
import type { Operator } from "../auth/session";
import { auditStatement } from "../audit/record";
import { publish } from "../live/bus";
import { parseJsonColumn, ready } from "../queries/db";

export type WorkspaceSettings = {
  displayName: string | null;
  contactName: string | null;
  contactEmail: string | null;
  clientIdScopes: string[];
  notifyEmails: string[];
  nudges: boolean;
};

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  displayName: null,
  contactName: null,
  contactEmail: null,
  clientIdScopes: [],
  notifyEmails: [],
  nudges: true,
};

/** Empty or blank text means "not set". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v ? v : null));
const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an email address" }).max(320));

export const workspaceSettingsBody = z
  .object({
    displayName: optionalText(200),
    contactName: optionalText(200),
    contactEmail: z.union([z.literal("").transform(() => null), z.null(), email]),
    clientIdScopes: z
      .array(z.string().trim().min(1, "a scope cannot be empty").max(500).regex(/^\S+$/, "a scope has no spaces"))
      .max(50),
    notifyEmails: z.array(email).max(20),
    nudges: z.boolean(),
  })
  .partial()
  .strict();
export type WorkspaceSettingsInput = z.infer<typeof workspaceSettingsBody>;

export const workspaceIdParam = z.string().trim().min(1).max(200);

export async function readWorkspaceSettings(workspaceId: string): Promise<WorkspaceSettings> {
  const prisma = await ready();
  return settingsOf(await prisma.workspaceSettings.findUnique({ where: { workspaceId } }));
}

/** The settings of each of these workspaces (the defaults for one without a row), in one statement. */
export async function readWorkspacesSettings(workspaceIds: string[]): Promise<Map<string, WorkspaceSettings>> {
  const prisma = await ready();
  const rows = await prisma.workspaceSettings.findMany({ where: { workspaceId: { in: workspaceIds } } });
  const byId = new Map(rows.map((r) => [r.workspaceId, r]));
  return new Map(workspaceIds.map((id) => [id, settingsOf(byId.get(id) ?? null)]));
}

function settingsOf(row: Prisma.WorkspaceSettingsGetPayload<object> | null): WorkspaceSettings {
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    displayName: row.displayName,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    clientIdScopes: parseJsonColumn<string[]>(row.clientIdScopes, []),
    notifyEmails: parseJsonColumn<string[]>(row.notifyEmails, []),
    nudges: row.nudges,
  };
}

const LABEL: Record<keyof WorkspaceSettings, string> = {
  displayName: "display name",
  contactName: "contact name",
  contactEmail: "contact email",
  clientIdScopes: "client-ID scopes",
  notifyEmails: "notification recipients",
  nudges: "customer nudges",
};

/** Saves the given fields (the rest keep their values) with its audit entry; returns the settings now in force. */
export async function saveWorkspaceSettings(
  workspaceId: string,
  input: WorkspaceSettingsInput,
  operator: Operator,
  now: Date = new Date(),
): Promise<WorkspaceSettings> {
  const prisma = await ready();
  const before = await readWorkspaceSettings(workspaceId);
  const after: WorkspaceSettings = { ...before, ...input };
  const changed = (Object.keys(LABEL) as (keyof WorkspaceSettings)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  const row = {
    displayName: after.displayName,
    contactName: after.contactName,
    contactEmail: after.contactEmail,
    clientIdScopes: JSON.stringify(after.clientIdScopes),
    notifyEmails: JSON.stringify(after.notifyEmails),
    nudges: after.nudges,
    updatedAt: now,
  };
  await prisma.$transaction([
    prisma.workspaceSettings.upsert({ where: { workspaceId }, create: { workspaceId, ...row }, update: row }),
    auditStatement(
      prisma,
      operator,
      {
        action: "workspace.settings",
        targetType: "workspace",
        targetId: workspaceId,
        workspaceId,
        summary: changed.length
          ? `Changed ${changed.map((k) => LABEL[k]).join(", ")} of workspace ${workspaceId}`
          : `Saved workspace ${workspaceId} settings unchanged`,
        detail: { changed, before: pick(before, changed), after: pick(after, changed) },
      },
      now,
    ),
  ]);
  publish({ kind: "operator", workspaceId });
  return after;
}

const pick = (s: WorkspaceSettings, keys: (keyof WorkspaceSettings)[]) =>
  Object.fromEntries(keys.map((k) => [k, s[k]]));
