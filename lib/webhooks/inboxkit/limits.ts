// Values fitted to what both databases can store, so a delivery never fails the same way on every
// retry (issue 10 item 4: PostgreSQL refused integers past 32 bits and text too long for a btree
// index with 503 forever). Pure: numbers are clamped to 32 bits and text cut at its limit (at a code
// point, never inside a surrogate pair); each change becomes a flag shown on the event.
import type { EventFlag } from "../ingest";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Characters per field; indexed ones stay well under PostgreSQL's btree row limit (2,704 bytes). */
export const TEXT_LIMITS: Record<string, number> = {
  email: 320,
  forwarding_email: 320,
  dmarc_email: 320,
  catch_all_email: 320,
  username: 320,
  name: 253,
  domain_name: 253,
  tld: 253,
  consent_url: 2048,
  profile_picture: 2048,
  forwarding_url: 2048,
  status_text: 4096,
  status_reason: 4096,
  client_id: 512,
  workspace_id: 200,
  team_id: 200,
  domain_id: 200,
  mailbox_id: 200,
  previous_status: 100,
};
const DEFAULT_TEXT_LIMIT = 1024;

function cut(value: string, limit: number): string {
  const end = value.charCodeAt(limit - 1) >= 0xd800 && value.charCodeAt(limit - 1) <= 0xdbff ? limit - 1 : limit;
  return value.slice(0, end);
}

/** A copy of `fields` with every number within 32 bits and every text within its limit; what changed is pushed to `flags`. */
export function fitted<T extends Record<string, unknown>>(fields: T, path: string, flags: EventFlag[]): T {
  const out: Record<string, unknown> = { ...fields };
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "number" && Number.isInteger(value) && (value > INT_MAX || value < INT_MIN)) {
      out[key] = value > INT_MAX ? INT_MAX : INT_MIN;
      flags.push({ code: "clamped", detail: `${path}${key} ${value} does not fit 32 bits; stored as ${out[key]}` });
    } else if (typeof value === "string") {
      const limit = TEXT_LIMITS[key] ?? DEFAULT_TEXT_LIMIT;
      if (value.length > limit) {
        out[key] = cut(value, limit);
        flags.push({
          code: "truncated",
          detail: `${path}${key} had ${value.length} characters; stored first ${limit}`,
        });
      }
    }
  }
  return out as T;
}
