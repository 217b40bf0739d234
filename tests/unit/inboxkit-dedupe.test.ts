// InboxKit deliveries without a body timestamp (issue 10 item 14): their dedupe key is a hash of the
// raw body, so a retry of the identical body (which carries a new X-InboxKit-Timestamp and arrives at
// another time) is a duplicate, and two different bodies are two events.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInboxKit } from "@/lib/webhooks/inboxkit/parse";
import { TEST_FINGERPRINT_KEY } from "../helpers/inboxkit";

const ENTITIES = {
  "domain.status_changed": "domain",
  "mailbox.status_changed": "mailbox",
  "consent_request.status_changed": "consent_request",
  "client_id_request.status_changed": "client_id_request",
} as const;

/** A body with neither data.metadata.updated_at nor an envelope timestamp. */
const untimedBody = fc
  .record({
    event: fc.constantFrom(...(Object.keys(ENTITIES) as (keyof typeof ENTITIES)[])),
    uid: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
    status: fc.constantFrom("pending", "processing", "active", "completed", "failed"),
    note: fc.string({ maxLength: 20 }),
  })
  .map(({ event, uid, status, note }) => ({
    event,
    team_id: "team-1",
    data: { [ENTITIES[event]]: { uid, status, note }, metadata: { workspace_id: "ws-1" } },
  }));

const instant = fc.date({ min: new Date("2024-01-01"), max: new Date("2030-01-01"), noInvalidDate: true });

function keyOf(body: unknown, header: Date | null, receivedAt: Date): string {
  const raw = Buffer.from(JSON.stringify(body));
  const result = parseInboxKit(JSON.parse(raw.toString()), {
    timestampHeader: header?.toISOString() ?? null,
    receivedAt,
    fingerprintKey: TEST_FINGERPRINT_KEY,
    rawBody: raw,
  });
  if (!result.ok) throw new Error(result.detail);
  return result.delivery.dedupeKey;
}

describe("dedupe key of a delivery without body timestamps", () => {
  it("is the same for every retry of the identical body, whatever its header time and arrival", () => {
    fc.assert(
      fc.property(untimedBody, fc.option(instant), fc.option(instant), instant, instant, (body, h1, h2, r1, r2) => {
        expect(keyOf(body, h1, r1)).toBe(keyOf(body, h2, r2));
      }),
      { numRuns: 500 },
    );
  });

  it("differs for different bodies", () => {
    fc.assert(
      fc.property(untimedBody, untimedBody, instant, (a, b, at) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(keyOf(a, at, at)).not.toBe(keyOf(b, at, at));
      }),
      { numRuns: 500 },
    );
  });

  it("a body with a vendor time still dedupes on event, uid, status and that time", () => {
    const body = {
      event: "domain.status_changed",
      timestamp: "2024-01-10T15:30:45.123Z",
      data: { domain: { uid: "d", status: "active" } },
    };
    const spaced = JSON.parse(JSON.stringify(body)); // same fields, a byte-different body
    spaced.data.domain.extra = 1;
    expect(keyOf(body, null, new Date())).toBe(keyOf(spaced, null, new Date(0)));
  });
});
