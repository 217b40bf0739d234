// Retries, duplicates and reordering: the same delivery 100 times (50 at once) stores one event and
// changes state once; random per-entity sequences, shuffled and duplicated, always end in the state
// of the newest event, and terminal states never regress. Runs on every available provider.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { subscribe } from "@/lib/live/bus";
import { isTerminal, LIFECYCLE, type EntityType } from "@/lib/ordering";
import { providers, type TestDatabase } from "../helpers/db";
import {
  clientIdEvent,
  useInboxKitDatabase,
  consentEvent,
  domainEvent,
  mailboxEvent,
  signedRequest,
} from "../helpers/inboxkit";

const BUILDERS = {
  domain: domainEvent,
  mailbox: mailboxEvent,
  consent_request: consentEvent,
  client_id_request: clientIdEvent,
};

async function deliver(body: unknown): Promise<number> {
  const response = await POST(signedRequest(body));
  await response.arrayBuffer();
  return response.status;
}

/**
 * As the vendor delivers: a 503 (database busy past its budget, nothing committed) is retried, up to
 * 5 attempts. On a loaded machine 50 concurrent deliveries can outwait the SQLite lock budget; what
 * must hold is that each ends in a 200 and that all of them together store one event.
 */
async function deliverWithRetries(body: unknown): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    status = await deliver(body);
    if (status !== 503) return status;
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
  }
  return status;
}

async function currentState(t: TestDatabase, type: EntityType, uid: string) {
  const where = { where: { uid } };
  switch (type) {
    case "domain":
      return t.db.prisma.domain.findUnique(where);
    case "mailbox":
      return t.db.prisma.mailbox.findUnique(where);
    case "consent_request":
      return t.db.prisma.consentRequest.findUnique(where);
    case "client_id_request":
      return t.db.prisma.clientIdRequest.findUnique(where);
  }
}

type Ev = { status: string; time: number };

/** The model: terminal beats non-terminal, then the later vendor time, then the later lifecycle step. */
function newest(type: EntityType, events: Ev[]): Ev {
  const rank = (e: Ev) => [isTerminal(type, e.status) ? 1 : 0, e.time, LIFECYCLE[type].indexOf(e.status) + 1] as const;
  return events.reduce((best, e) => {
    const [a, b] = [rank(e), rank(best)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? e : best;
    return e.status > best.status ? e : best; // two unknown statuses at the same time: by name
  });
}

describe.each(await providers())("ordering and duplicates on %s", (provider) => {
  const t = useInboxKitDatabase(provider);

  it("duplicate storm: 100 copies, 50 at a time, store one event with count 100 and change state once", async () => {
    const body = mailboxEvent("mb-storm", "active", "2024-03-01T12:00:00.000Z");
    const notices: unknown[] = [];
    const stop = subscribe((n) => {
      if (n.entityUid === "mb-storm") notices.push(n);
    });
    try {
      for (let wave = 0; wave < 2; wave++) {
        const statuses = await Promise.all(Array.from({ length: 50 }, () => deliverWithRetries(body)));
        expect(statuses.every((s) => s === 200)).toBe(true);
      }
    } finally {
      stop();
    }
    const events = await t.db.prisma.webhookEvent.findMany({ where: { entityUid: "mb-storm" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ duplicateCount: 100, outcome: "applied" });
    const mailbox = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-storm" } });
    // One state change: the row was written once (a re-apply would have moved updated_at).
    expect(mailbox.updatedAt).toEqual(mailbox.firstSeenAt);
    expect(mailbox.status).toBe("active");
    // Every delivery tells open pages to look (the count changed); on PostgreSQL they travel through NOTIFY.
    if (provider === "sqlite") expect(notices).toHaveLength(100);
  });

  it("property: any order, with duplicates, ends at the newest event; terminal states never regress", async () => {
    const type = fc.constantFrom<EntityType>("domain", "mailbox", "consent_request", "client_id_request");
    const scenario = type.chain((entity) =>
      fc.record({
        entity: fc.constant(entity),
        events: fc.uniqueArray(
          fc.record({
            status: fc.oneof(
              { weight: 5, arbitrary: fc.constantFrom(...LIFECYCLE[entity]) },
              { weight: 1, arbitrary: fc.constantFrom("mystery_a", "mystery_b") },
            ),
            time: fc.integer({ min: 0, max: 5 }), // few distinct times: ties happen often
          }),
          { minLength: 1, maxLength: 8, selector: (e) => `${e.status}@${e.time}` },
        ),
        duplicates: fc.array(fc.nat(), { maxLength: 4 }),
        seed: fc.integer(),
        concurrency: fc.constantFrom(1, 4),
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ entity, events, duplicates, seed, concurrency }) => {
        const uid = `prop-${provider}-${run++}`;
        const bodies = events.map((e) =>
          BUILDERS[entity](uid, e.status, new Date(Date.UTC(2024, 0, 1, 0, 0, e.time)).toISOString()),
        );
        const deliveries = [...bodies, ...duplicates.map((i) => bodies[i % bodies.length])];
        // Deterministic shuffle from the generated seed.
        const order = deliveries
          .map((body, i) => ({ body, k: Math.sin(seed + i) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.body);
        for (let i = 0; i < order.length; i += concurrency) {
          const statuses = await Promise.all(order.slice(i, i + concurrency).map(deliver));
          expect(statuses.every((s) => s === 200)).toBe(true);
        }
        const expected = newest(entity, events);
        const state = await currentState(t, entity, uid);
        expect(state?.status).toBe(expected.status);
        expect(state?.lastOccurredAt.getTime()).toBe(Date.UTC(2024, 0, 1, 0, 0, expected.time));
        if (events.some((e) => isTerminal(entity, e.status))) expect(isTerminal(entity, state!.status)).toBe(true);
        expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: uid } })).toBe(events.length);
        expect(
          await t.db.prisma.webhookEvent.count({ where: { entityUid: uid, outcome: "applied" } }),
        ).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: provider === "sqlite" ? 60 : 30 },
    );
  });
});
