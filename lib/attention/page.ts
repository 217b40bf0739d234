// The queue as pages: `?limit=` (1–200, default 50) and an opaque `?cursor=` that names the last
// item of the previous page by its sort key (lib/attention/evaluate.ts sortKey). A page starts strictly after it,
// so pages never overlap and, for one `now`, add up to the whole queue. Pure.
import { z } from "zod";
import {
  ATTENTION_KINDS,
  compareItems,
  countItems,
  isOpen,
  sortKey,
  type AttentionItem,
  type Counts,
} from "./evaluate";

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

const text = (max: number) => z.string().trim().min(1).max(max);

/** GET /api/attention's query. Unknown parameters are refused (strict), never ignored. */
export const attentionQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
    cursor: text(500).optional(),
    workspace: text(200).optional(),
    kind: z.enum(ATTENTION_KINDS).optional(),
    /** `handled`: acknowledged and snoozed items too (flagged), for review. */
    include: z.enum(["handled"]).optional(),
  })
  .strict();
export type AttentionQuery = z.infer<typeof attentionQuery>;

export type AttentionPage = { items: AttentionItem[]; nextCursor: string | null; total: number; counts: Counts };

/** An item's place in the queue (lib/attention/evaluate.ts sortKey), severity by name. */
export type CursorKey = {
  severity: AttentionItem["severity"];
  since: string;
  entityType: string;
  key: string;
  kind: string;
  status: string;
  id: string;
};

export function encodeCursor(item: AttentionItem): string {
  const [, since, entityType, key, kind, status, id] = sortKey(item);
  return Buffer.from(JSON.stringify([item.severity, since, entityType, key, kind, status, id])).toString("base64url");
}

const part = z.string().min(1).max(300);
const cursorShape = z.tuple([z.enum(["critical", "warning"]), z.iso.datetime(), part, part, part, part, part]);

export class CursorError extends Error {}

export function decodeCursor(cursor: string): CursorKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new CursorError("cursor is not one this API gave out");
  }
  const parsed = cursorShape.safeParse(raw);
  if (!parsed.success) throw new CursorError("cursor is not one this API gave out");
  const [severity, since, entityType, key, kind, status, id] = parsed.data;
  return { severity, since, entityType, key, kind, status, id };
}

/** Whether an item comes strictly after the cursor in queue order. */
export function isAfter(item: AttentionItem, after: CursorKey): boolean {
  const probe = { ...after, uid: after.key, label: after.key } as unknown as AttentionItem;
  return compareItems(item, probe) > 0;
}

/** The items a query selects (workspace, kind, handled or not), in queue order. */
export function selectItems(
  items: AttentionItem[],
  query: Pick<AttentionQuery, "workspace" | "kind" | "include">,
): AttentionItem[] {
  return items.filter(
    (i) =>
      (query.include === "handled" || isOpen(i)) &&
      (!query.workspace || i.workspaceId === query.workspace) &&
      (!query.kind || i.kind === query.kind),
  );
}

/** One page of already selected, ordered items. */
export function pageItems(selected: AttentionItem[], query: Pick<AttentionQuery, "limit" | "cursor">): AttentionPage {
  let start = 0;
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    start = selected.findIndex((item) => isAfter(item, after));
    if (start < 0) start = selected.length;
  }
  const items = selected.slice(start, start + query.limit);
  const more = start + query.limit < selected.length;
  return {
    items,
    nextCursor: more && items.length ? encodeCursor(items[items.length - 1]) : null,
    total: selected.length,
    counts: countItems(selected),
  };
}
