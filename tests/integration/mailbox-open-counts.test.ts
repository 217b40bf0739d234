// The mailbox list's `?attention=open` counts by status as entity rows + mail rows - rows that are
// both (lib/queries/mailboxes.ts openCounts). They must equal a count by status over the OR of the
// two rules (openItemWhere), whatever mix of entity items, mail trouble, both, and addresses shared
// by several mailboxes (one mail item per address). The page's rows, their order and paging must
// equal the same OR query's too (the list says the entity rule's statuses once more beside it).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countsByStatus } from "@/lib/queries/list";
import { openItemWhere } from "@/lib/queries/attention";
import { listMailboxes, mailboxListQuery, type MailboxSort } from "@/lib/queries/mailboxes";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { FAILURE_STATES, MAILBOX_PROVISIONING } from "@/lib/attention/budgets";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const NOW = new Date();
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

const mailbox = fc.record({
  // Every status a mailbox rule names, and some none does.
  status: fc.constantFrom(
    ...new Set(["active", "cancelled", "inactive", ...FAILURE_STATES.mailbox, ...MAILBOX_PROVISIONING]),
  ),
  hours: fc.constantFrom(1, 200), // in its status for an hour (within budget) or past every budget
  verdict: fc.constantFrom(null, "failing", "bounces_rising"),
  email: fc.integer({ min: 0, max: 5 }), // shared addresses
  workspace: fc.constantFrom("ws-1", "ws-2"),
});

const ORDERS: [MailboxSort, Prisma.MailboxOrderByWithRelationInput[]][] = [
  ["updated", [{ lastOccurredAt: "desc" }, { uid: "desc" }]],
  ["email", [{ email: "asc" }, { uid: "asc" }]],
];

describe.each(await providers())("mailbox ?attention=open counts on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("property: counts, rows, order and paging equal the OR of the entity and mail rules", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mailbox, { maxLength: 15 }), async (mailboxes) => {
        run++;
        await t.db.prisma.mailbox.deleteMany();
        await t.db.prisma.mailbox.createMany({
          data: mailboxes.map((m, i) => ({
            uid: `mb-${run}-${i}`,
            email: `user${m.email}@example.test`,
            status: m.status,
            platform: "GOOGLE",
            workspaceId: m.workspace,
            lastOccurredAt: ago(m.hours),
            statusSince: ago(m.hours),
            provisioningSince: ago(m.hours),
            orderKey: "k",
            firstSeenAt: ago(m.hours),
            updatedAt: ago(m.hours),
            // Kept verdicts valid past NOW, so that the read computes none of them again.
            mailVerdict: m.verdict,
            mailVerdictSince: m.verdict ? ago(2) : null,
            mailVerdictUntil: new Date(NOW.getTime() + 3_600_000),
          })),
        });
        for (const workspace of [undefined, "ws-1"]) {
          const page = await listMailboxes(mailboxListQuery.parse({ attention: "open", workspace }), NOW);
          const reference = await t.db.prisma.mailbox.groupBy({
            by: ["status"],
            where: { ...(await openItemWhere("mailbox", NOW)), ...(workspace ? { workspaceId: workspace } : {}) },
            _count: { _all: true },
          });
          expect(page.statusCounts).toEqual(countsByStatus(reference));
          expect(page.total).toBe(reference.reduce((n, g) => n + g._count._all, 0));
          for (const [sort, orderBy] of ORDERS)
            for (const p of [1, 2, 3]) {
              const rows = await listMailboxes(
                mailboxListQuery.parse({ attention: "open", workspace, sort, pageSize: 4, page: p }),
                NOW,
              );
              const expected = await t.db.prisma.mailbox.findMany({
                where: { ...(await openItemWhere("mailbox", NOW)), ...(workspace ? { workspaceId: workspace } : {}) },
                orderBy,
                skip: (p - 1) * 4,
                take: 4,
                select: { uid: true },
              });
              expect(rows.rows.map((r) => r.uid)).toEqual(expected.map((r) => r.uid));
            }
        }
      }),
      { numRuns: 30 },
    );
  });
});
