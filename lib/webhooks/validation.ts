// What the vendors' parsers share: one result shape, and zod issues turned into a short message
// naming the fields (never their values, which may be secret).
import type { z } from "zod";

export type ParseOutcome<T> = { ok: true; delivery: T } | { ok: false; detail: string };

export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues.map((i) => `${prefix}${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}
