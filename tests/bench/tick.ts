// What one notification scheduler tick costs at scale (lib/notify/scheduler.ts evaluate with the real
// sources), on SQLite or PostgreSQL: wall time, CPU (process.cpuUsage), the longest event-loop block
// (monitorEventLoopDelay max), and the statements and rows read through the driver adapter.
// Either on a copy of a seeded database (never the seeded one itself: the first tick writes every
// alert), or on a fresh database with the scale stage's entities at BENCH_SCALE (default 0.1).
// Run: npx tsx tests/bench/tick.ts sqlite|postgresql [<database url of a copy>]
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadavg } from "node:os";
import { parseNotifyConfig, resetConfig } from "../../lib/config";
import { database, closeDatabase } from "../../lib/db/client";
import { manualClock } from "../../lib/notify/clock";
import { evaluate, EVALUATE_EVERY_MS } from "../../lib/notify/scheduler";
import { defaultSources } from "../../lib/notify/sources";
import { freshDatabase } from "../helpers/db";
import { openBulk, insertEntities } from "./seed";
import { scaleCounts } from "./scale";

const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const copy = process.argv[3];
const TICKS = Number(process.env.TICKS ?? 4);
Object.assign(process.env, { LOG_LEVEL: "silent" });
resetConfig();

let drop = async () => undefined as unknown;
if (copy) {
  process.env.DATABASE_URL = copy;
} else {
  const t = await freshDatabase(provider);
  const c = scaleCounts(Number(process.env.BENCH_SCALE ?? 0.1));
  const bulk = await openBulk(provider, t.url);
  await insertEntities(bulk, c, Math.floor(Date.now() / 1000));
  await bulk.run(provider === "sqlite" ? "ANALYZE" : "ANALYZE");
  await bulk.close();
  drop = t.drop;
  console.log(
    `${provider}: seeded ${c.domains} domains, ${c.mailboxes} mailboxes, ${c.consentRequests + c.clientIdRequests} requests`,
  );
}
const db = database();
await db.ready;
await db.prisma.$queryRaw`SELECT 1`;

// Count the statements and rows read outside transactions (a steady tick writes nothing).
const counted = { statements: 0, rows: 0, longestMs: 0 };
const connection = db.adapterConnection?.() as unknown as {
  queryRaw: (q: unknown) => Promise<{ rows: unknown[] }>;
};
const queryRaw = connection.queryRaw.bind(connection);
connection.queryRaw = async (q) => {
  const at = performance.now();
  const result = await queryRaw(q);
  counted.longestMs = Math.max(counted.longestMs, performance.now() - at);
  counted.statements += 1;
  counted.rows += result.rows.length;
  return result;
};

const config = parseNotifyConfig({
  ALERT_WEBHOOK_URL: "http://127.0.0.1:9/hook",
  ALERT_WEBHOOK_SECRET: "whsec_" + Buffer.alloc(24, 7).toString("base64"),
  SMTP_URL: "smtp://127.0.0.1:9",
  NOTIFY_FROM: "Onboarding <onboarding@dash.test>",
  DASHBOARD_URL: "http://dash.test",
});
const clock = manualClock(new Date());
const sources = defaultSources(db);
let itemsMs = 0;
const timedSources = {
  ...sources,
  items: async (now: Date) => {
    const at = performance.now();
    const items = await sources.items(now);
    itemsMs = performance.now() - at;
    return items;
  },
};
const ctx = {
  db,
  config: () => config,
  clock,
  sources: timedSources,
  linkSecret: () => "tick-bench-secret-0123456789abcdef",
};

for (let tick = 1; tick <= TICKS; tick++) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let longest = 0;
  let last = performance.now();
  const beat = setInterval(() => {
    const at = performance.now();
    longest = Math.max(longest, at - last - 1);
    last = at;
  }, 1);
  counted.statements = counted.rows = counted.longestMs = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  // A failing tick is reported with what it cost until it failed (every round repeats it).
  const result = await evaluate(ctx).catch((error: Error) => ({ failed: error.message.split("\n").slice(-1)[0] }));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  longest = Math.max(longest, performance.now() - last); // a tick that never let the timer run is one block
  delay.disable();
  clearInterval(beat);
  console.log(
    JSON.stringify({
      provider,
      tick,
      wallMs: Math.round(wall),
      cpuMs: Math.round((used.user + used.system) / 1000),
      maxBlockMs: Math.round(Math.max(longest, delay.max / 1e6)),
      itemsMs: Math.round(itemsMs),
      statements: counted.statements,
      rowsRead: counted.rows,
      longestStatementMs: Math.round(counted.longestMs),
      ...result,
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(" "),
    }),
  );
  clock.advance(EVALUATE_EVERY_MS);
}
await closeDatabase();
await drop();
