// What the vendors' parsers share: one result shape (its `detail` from lib/validation.ts, naming the
// fields, never their values).
export type ParseOutcome<T> = { ok: true; delivery: T } | { ok: false; detail: string };
