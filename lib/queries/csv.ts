// CSV exports of the operator lists (csv-stringify). Only the list rows' own fields go out (never a
// fingerprint or payload), and a cell that a spreadsheet would run as a formula is quoted with '.
import { stringify } from "csv-stringify/sync";

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return FORMULA.test(text) ? `'${text}` : text;
}

export function toCsv<T extends Record<string, unknown>>(rows: T[], columns: (keyof T & string)[]): string {
  return stringify([columns, ...rows.map((row) => columns.map((c) => csvCell(row[c])))]);
}

export function csvResponse(body: string, name: string): Response {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
