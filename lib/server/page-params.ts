// Server pages read list state from the URL: parsed with the API's own zod schema (invalid values
// fall back to defaults), and the clean state the links and SWR key are built from.
import type { z } from "zod";
import { searchRecord } from "@/lib/queries/list";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function listParams<S extends z.ZodType>(
  searchParams: SearchParams,
  schema: S,
  keys: readonly string[],
): Promise<{ query: z.infer<S>; state: Record<string, string> }> {
  const raw = searchRecord(await searchParams);
  const state = Object.fromEntries(Object.entries(raw).filter(([k, v]) => keys.includes(k) && v !== ""));
  const parsed = schema.safeParse(state);
  if (parsed.success) return { query: parsed.data, state };
  return { query: schema.parse({}), state: {} };
}

/** The current path with its query, for /login?next=… */
export function pathWith(path: string, state: Record<string, string>): string {
  const qs = new URLSearchParams(state).toString();
  return qs ? `${path}?${qs}` : path;
}

export const LIST_KEYS = [
  "page",
  "pageSize",
  "sort",
  "dir",
  "status",
  "platform",
  "workspace",
  "q",
  "attention",
] as const;
