// The overview reads the banners of its workspaces in one batch (workspacesBanners); each workspace's
// banners must be exactly what openBanners({ workspaceId }) gives it, whatever the requests: several
// per subject, ties in time, other workspaces' requests, client-ID scopes set or not.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBanners, workspacesBanners } from "@/lib/queries/onboarding";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const WORKSPACES = ["ws-a", "ws-b", "ws-c"];
const STATUSES = ["pending", "queued", "processing", "failed", "errored", "completed", "cancelled"];
const MAILBOXES = ["mb-1", "mb-2", "mb-3", null];
const DOMAINS = ["a.example", "A.example", "b.example", null];
const URLS = ["https://accounts.google.com/o/consent", "https://evil.example/consent", null];
const CLIENT_IDS = ["123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com", "not-a-client-id"];
const T = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

const request = fc.record({
  workspace: fc.constantFrom(...WORKSPACES, null),
  status: fc.constantFrom(...STATUSES),
  mailboxId: fc.constantFrom(...MAILBOXES),
  domainName: fc.constantFrom(...DOMAINS),
  consentUrl: fc.constantFrom(...URLS),
  clientId: fc.constantFrom(...CLIENT_IDS),
  minute: fc.integer({ min: 0, max: 2 }), // few instants: ties between requests of one subject
});
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

describe.each(await providers())("workspacesBanners on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await t.db.prisma.mailbox.createMany({
      data: MAILBOXES.filter((m) => m !== null).map((uid, i) => ({
        uid,
        email: `${uid}@a.example`,
        status: "active",
        platform: i % 2 ? "GOOGLE" : "MICROSOFT",
        lastOccurredAt: T(0),
        orderKey: uid,
        firstSeenAt: T(0),
        updatedAt: T(0),
      })),
    });
    await t.db.prisma.workspaceSettings.create({
      data: { workspaceId: "ws-b", clientIdScopes: JSON.stringify(["https://mail.google.com/"]), updatedAt: T(0) },
    });
  });
  afterAll(async () => t.drop());

  it("property: each workspace's banners equal openBanners({ workspaceId }) for it", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { maxLength: 12 }),
        fc.array(request, { maxLength: 12 }),
        async (consents, clientIds) => {
          run++;
          await t.db.prisma.consentRequest.deleteMany();
          await t.db.prisma.clientIdRequest.deleteMany();
          const common = (r: Request, i: number) => ({
            uid: `r${run}-${i}`,
            status: r.status,
            mailboxId: r.mailboxId,
            workspaceId: r.workspace,
            lastOccurredAt: T(r.minute),
            orderKey: `${r.minute}`,
            firstSeenAt: T(0),
            updatedAt: T(0),
          });
          await t.db.prisma.consentRequest.createMany({
            data: consents.map((r, i) => ({ ...common(r, i), consentUrl: r.consentUrl })),
          });
          await t.db.prisma.clientIdRequest.createMany({
            data: clientIds.map((r, i) => ({ ...common(r, i), domainName: r.domainName, clientId: r.clientId })),
          });
          const ids = [...WORKSPACES, "ws-none"];
          const batched = await workspacesBanners(ids);
          expect([...batched.keys()]).toEqual(ids);
          for (const id of ids) expect(batched.get(id), id).toEqual(await openBanners({ workspaceId: id }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reads nothing for no workspaces", async () => {
    expect(await workspacesBanners([])).toEqual(new Map());
  });
});
