// The one query-string parser every operator list and export shares. A parameter the list does not
// know, one given twice, or one with a malformed value is refused with a message naming it; nothing is
// silently ignored (a typo such as `?stauts=active` would otherwise answer the unfiltered list).
import { z } from "zod";
import { describeIssues, issuePath } from "../validation";

export type QueryParse<T> = { ok: true; data: T } | { ok: false; param: string; message: string };

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Parses `params` with `schema` (a zod object whose keys are the accepted parameter names). */
export function parseQuery<S extends ObjectSchema>(schema: S, params: URLSearchParams): QueryParse<z.infer<S>> {
  const known = new Set(Object.keys(schema.shape));
  const record: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!known.has(name)) {
      const accepted = [...known].join(", ") || "none";
      return { ok: false, param: name, message: `unknown query parameter "${name}" (accepted: ${accepted})` };
    }
    if (name in record) return { ok: false, param: name, message: `query parameter "${name}" is given more than once` };
    record[name] = value;
  }
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    param: issuePath(parsed.error.issues[0], "query"),
    message: describeIssues(parsed.error, { root: "query" }),
  };
}

/** Optional free text: trimmed, empty is absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO 8601 instant: a date-time with a time zone (`2024-01-10T15:30:45Z`, `…+02:00`) or a date
 * (`2024-01-10`, midnight UTC; as the end of a range, the whole day is included).
 */
export const isoInstant = (end: "from" | "to") =>
  z
    .string()
    .trim()
    .refine(
      (v) => DATE_ONLY.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success,
      "expected an ISO 8601 date (2024-01-10) or date-time with time zone (2024-01-10T15:30:00Z)",
    )
    .transform((v) => {
      if (!DATE_ONLY.test(v)) return new Date(v);
      const day = new Date(`${v}T00:00:00.000Z`);
      return end === "to" ? new Date(day.getTime() + 86_400_000 - 1) : day;
    })
    .refine((d) => !Number.isNaN(d.getTime()), "not a real date")
    .optional();

/** `true` or `false`, as written in a URL. */
export const flag = z
  .enum(["true", "false"], { error: 'expected "true" or "false"' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true"));

/** Keyset pagination: rows with an id below this one. */
export const beforeId = z.coerce.number().int().positive().optional();
