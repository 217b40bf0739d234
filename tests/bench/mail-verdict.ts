// The scheduler's walk just after an hour boundary, on a COPY of a seeded database (never the seeded
// one: this migrates it and writes verdicts). DATABASE_URL=<copy> T1=<instant just after a boundary>
// [OUT=<file for the mail items>] [BEFORE=<mail items the old code gave at T1>]:
//   1. verdicts computed 30 min before T1 (what the first walk after the migration does, once);
//   2. the walk's verdict refresh at T1 (rows written, time), and on PostgreSQL the mailboxes table's
//      updates / dead rows / size before and after;
//   3. the attention mail items at T1, compared with BEFORE when given.
// Run: npx tsx tests/bench/mail-verdict.ts
import { readFileSync, writeFileSync } from "node:fs";
import { database } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { attentionItems } from "../../lib/queries/attention";
import { refreshMailVerdicts } from "../../lib/queries/mail-verdict";

const T1 = new Date(process.env.T1 ?? Date.now());
const T0 = new Date(T1.getTime() - 30 * 60_000);
console.log("migrations applied:", (await migrate(process.env.DATABASE_URL!)).applied);
const db = database();
await db.ready;
const pg = db.provider === "postgresql";
const stats = async () => {
  if (!pg) return {};
  await new Promise((r) => setTimeout(r, 11_000)); // backends flush their statistics within 10 s when idle
  const [s] = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT n_tup_upd, n_tup_hot_upd, n_dead_tup, pg_total_relation_size('mailboxes') AS bytes
      FROM pg_stat_user_tables WHERE relname = 'mailboxes'`,
  );
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Number(v)]));
};
const timed = async <T>(label: string, run: () => Promise<T>) => {
  const at = performance.now();
  const out = await run();
  console.log(`${label}: ${Math.round(performance.now() - at)} ms`, Array.isArray(out) ? "" : JSON.stringify(out));
  return out;
};
await timed(`verdicts computed at T0 ${T0.toISOString()} (once after the migration)`, () => refreshMailVerdicts(T0));
console.log("mailboxes before", JSON.stringify(await stats()));
await timed(`the walk's verdict refresh at T1 ${T1.toISOString()}`, () => refreshMailVerdicts(T1));
console.log("mailboxes after", JSON.stringify(await stats()));
const mail = await timed("the whole walk at T1 (attentionItems)", async () =>
  (await attentionItems(T1)).filter((i) => i.kind === "mail").sort((a, b) => (a.id < b.id ? -1 : 1)),
);
console.log(`${mail.length} mail items at T1`);
if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify(mail, null, 1));
if (process.env.BEFORE) {
  const same = readFileSync(process.env.BEFORE, "utf8") === JSON.stringify(mail, null, 1);
  console.log(`mail items ${same ? "equal to" : "DIFFER from"} ${process.env.BEFORE}`);
}
await db.prisma.$disconnect();
