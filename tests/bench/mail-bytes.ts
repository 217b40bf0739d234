// Bytes stored per Inkbox mail delivery on SQLite, before and after retention: N deliveries
// (message.sent then message.delivered for N/2 messages over 20 mailboxes) through the real route
// into a fresh database, VACUUM, measure; then a retention round that drops them as expired mail,
// VACUUM, measure again. Run: npx tsx tests/bench/mail-bytes.ts [N]  (default 4,000).
import { POST } from "../../app/api/webhooks/inkbox/route";
import { resetConfig } from "../../lib/config";
import { retentionRound } from "../../lib/events/retention";
import { inkboxMessageEvent, signInkbox } from "../../lib/simulator/inkbox";
import { freshDatabase } from "../helpers/db";

const N = Number(process.argv[2] ?? 4000);
const KEY = "inkbox_bytes_key";
Object.assign(process.env, {
  INKBOX_SIGNING_KEYS: KEY,
  INBOXKIT_WEBHOOK_SECRETS: "bytes",
  CREDENTIAL_FINGERPRINT_KEY: "bytes-fingerprint-key-0123456789",
  LOG_LEVEL: "silent",
});
resetConfig();
const t = await freshDatabase("sqlite");
const size = async () => {
  await t.db.prisma.$executeRawUnsafe("VACUUM");
  const [{ bytes }] = await t.db.prisma.$queryRawUnsafe<{ bytes: number | bigint }[]>(
    "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
  );
  return Number(bytes);
};
const empty = await size();
const start = Date.now() - 3600_000;
for (let i = 0; i < N; i++) {
  const message = Math.floor(i / 2);
  const mailbox = `sender${message % 20}@bytes.test`;
  const at = new Date(start + i * 500);
  const payload = inkboxMessageEvent(
    i % 2 ? "message.delivered" : "message.sent",
    {
      id: `msg_${message}`,
      mailboxEmail: mailbox,
      direction: "outbound",
      from: mailbox,
      to: [`prospect${message}@acme.com`],
      subject: `Quick question about your Q${message % 4} pipeline`,
      createdAt: at,
    },
    { at, id: `evt_${i}` },
  );
  const d = signInkbox(payload, { secret: KEY });
  const res = await POST(
    new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: d.headers, body: d.body }),
  );
  if (res.status !== 200) throw new Error(`delivery ${i}: ${res.status}`);
}
const full = await size();
const counts = {
  events: await t.db.prisma.webhookEvent.count(),
  mail: await t.db.prisma.mailActivity.count(),
  rollups: await t.db.prisma.mailRollup.count(),
};
await retentionRound({
  db: t.db,
  now: new Date(Date.now() + 31 * 86_400_000),
  payloadDays: 90,
  refusedDays: 30,
  mailDays: 30,
});
const pruned = await size();
console.log(
  JSON.stringify({
    deliveries: N,
    ...counts,
    bytesPerDelivery: Math.round((full - empty) / N),
    bytesPerDeliveryAfterRetention: Math.round((pruned - empty) / N),
  }),
);
await t.drop();
