// Canaries (issue 10 item 13): a random secret under any key that names a credential, however it is
// spelt and however deep, or as the old/new value of a change_details entry for such a field, is
// posted through the real route handlers and then looked for everywhere it could surface: the answer,
// every stored row (event, entity, rejected delivery), the log lines, and the operator API.
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { GET as mailboxGET } from "@/app/api/mailboxes/[uid]/route";
import { GET as eventGET } from "@/app/api/events/[id]/route";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as deliveriesGET } from "@/app/api/deliveries/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { dumpAll } from "../helpers/rows";
import { sensitiveKey } from "../helpers/canaries";

const TOKEN = "canary-api-token-0123456789abcdef";
const INKBOX_KEY = "whsec_canary_inkbox_key";
const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

const canary = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `cnry${s}`);
const benign = fc.constantFrom("extra", "nested", "items", "x");
const path = fc.array(fc.tuple(benign, fc.boolean()), { maxLength: 6 });

function nest(leaf: unknown, steps: [string, boolean][]): unknown {
  let value = leaf;
  for (const [name, asArray] of [...steps].reverse()) value = { [name]: asArray ? [value] : value };
  return value;
}

describe.each(await providers())("credential canaries on %s", (provider) => {
  let t: TestDatabase;
  const lines: string[] = [];
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      DASHBOARD_API_TOKEN: TOKEN,
      SESSION_SECRET: "canary-session-secret-0123456789",
      DASHBOARD_PASSWORD: "canary password",
      INKBOX_SIGNING_KEYS: INKBOX_KEY,
      LOG_LEVEL: "info",
    });
    resetConfig();
    t = await freshDatabase(provider);
    for (const m of ["log", "warn", "error"] as const)
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env.LOG_LEVEL = "silent";
    await t.drop();
  });
  afterEach(() => void (lines.length = 0));

  /** Everything a secret could leak into after one delivery. */
  async function everything(answer: Response, uid: string): Promise<string> {
    const parts = [await answer.text(), await dumpAll(t.db), lines.join("\n")];
    parts.push(await (await mailboxGET(get(`/api/mailboxes/${uid}`), params({ uid }))).text());
    const events = await (await eventsGET(get(`/api/events?q=${uid}`))).text();
    parts.push(events);
    for (const { id } of JSON.parse(events).items ?? [])
      parts.push(await (await eventGET(get(`/api/events/${id}`), params({ id: String(id) }))).text());
    parts.push(await (await deliveriesGET(get("/api/deliveries"))).text());
    return parts.join("\n");
  }

  let n = 0;
  it("a secret under any credential key at any depth, or in a change_details entry, appears nowhere", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          entityKey: sensitiveKey,
          entitySecret: canary,
          entityPath: path,
          metaKey: sensitiveKey,
          metaSecret: canary,
          field: sensitiveKey,
          oldValue: canary,
          newValue: canary,
          refused: fc.boolean(),
        }),
        async (c) => {
          const uid = `mb-canary-${provider}-${++n}`;
          const body = mailboxEvent(
            uid,
            c.refused ? "" : "active",
            new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString(),
            {
              extra: nest({ [c.entityKey]: c.entitySecret }, c.entityPath),
            },
          );
          const data = body.data as Record<string, Record<string, unknown>>;
          data.metadata[c.metaKey] = c.metaSecret;
          data.change_details = {
            reason: "changed",
            changes: [{ field: c.field, old_value: c.oldValue, new_value: c.newValue }],
          };
          const answer = await POST(signedRequest(body));
          expect(answer.status).toBe(c.refused ? 400 : 200);
          const seen = await everything(answer, uid);
          expect(seen).toContain(uid); // the delivery itself is there
          for (const secret of [c.entitySecret, c.metaSecret, c.oldValue, c.newValue])
            expect(seen).not.toContain(secret);
        },
      ),
      { numRuns: provider === "sqlite" ? 40 : 20 },
    );
  });

  it("the fields the attack run found are removed, including the password's change_details values", async () => {
    const extra = {
      smtp_password: "cnry-smtp",
      imap_password: "cnry-imap",
      totp_secret: "cnry-totp",
      client_secret: "cnry-client",
      access_token: "cnry-access",
      api_key: "cnry-apikey",
      recovery_codes: ["cnry-rec1", "cnry-rec2"],
      "pass\u200bword": "cnry-invisible",
    };
    const body = mailboxEvent("mb-attack", "active", "2024-03-01T00:00:00.000Z", extra);
    (body.data as Record<string, unknown>).change_details = [
      { field: "password", old_value: "cnry-old", new_value: "cnry-new" },
    ];
    const answer = await POST(signedRequest(body));
    expect(answer.status).toBe(200);
    const seen = await everything(answer, "mb-attack");
    expect(seen).not.toMatch(/cnry-/);
    const mailbox = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-attack" } });
    expect(JSON.parse(mailbox.changeDetails!)).toEqual([
      { field: "password", old_value: "[redacted]", new_value: "[redacted]" },
    ]);
  });

  it("Inkbox message content (content, preview, text_content, markdown, html) stays out of stored payloads", async () => {
    const event = inkboxMessageEvent(
      "message.received",
      {
        id: "msg_canary",
        mailboxEmail: "sales@acme.com",
        direction: "inbound",
        from: "maria@acme.com",
        to: ["sales@acme.com"],
        subject: "Hello",
        createdAt: new Date(Date.now() - 60_000),
      },
      {
        at: new Date(),
        extra: {
          content: "cnry-content",
          preview: "cnry-preview",
          text_content: "cnry-textcontent",
          markdown: "cnry-markdown",
          html: "<p>cnry-html</p>",
          Html_Content: "cnry-htmlcontent",
        },
      },
    );
    const raw = JSON.stringify(event);
    const signed = signInkbox(raw, { secret: INKBOX_KEY });
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const answer = await inkboxPOST(
      new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers, body: raw }),
    );
    expect(answer.status).toBe(200);
    const stored = (await dumpAll(t.db)) + lines.join("\n");
    expect(stored).toContain("msg_canary");
    expect(stored).not.toMatch(/cnry-/);
  });
});
