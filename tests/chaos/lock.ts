// Another process holds the SQLite write lock (BEGIN IMMEDIATE) for `holdSeconds` while signed
// deliveries keep arriving and /api/health is polled. Every answer must come within 10 s (200, or
// 503 + Retry-After), health must keep answering, and every delivery must be stored once the vendor's
// retries (after Retry-After) get through.
import { spawn } from "node:child_process";
import { sqlitePath } from "@/lib/db/provider";
import { freshDatabase } from "../helpers/db";
import { buildWorkload } from "../bench/workload";
import { ANSWER_WITHIN_MS, send, sleep, summary, unexpected5xx, type Answer } from "./http";
import { Ledger } from "./ledger";
import { chaosServer, freePort } from "./servers";

const WORKERS = 8;
const MAX_ATTEMPTS = 12;

export type LockResult = {
  name: string;
  ok: boolean;
  deliveries: number;
  requests: number;
  byStatus: Record<string, number>;
  deliveryMs: { p50: number; p99: number; max: number };
  healthMs: { p50: number; p99: number; max: number };
  readyDuringLock: Record<string, number>;
  maxAttempts: number;
  check: string;
  problems: string[];
};

/** A separate process that takes the write lock, says "locked", holds it, then releases it and exits. */
function holdLock(path: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `const D=require("better-sqlite3");const db=new D(process.env.DB);db.prepare("BEGIN IMMEDIATE").run();console.log("locked");setTimeout(()=>{db.prepare("ROLLBACK").run();db.close();console.log("released");},Number(process.env.HOLD_MS));`;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, DB: path, HOLD_MS: String(holdMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout!.once("data", () => resolve({ released: new Promise((done) => child.once("exit", () => done())) }));
  });
}

export async function outsideLock(holdSeconds: number, seed: number): Promise<LockResult> {
  const t = await freshDatabase("sqlite");
  const port = await freePort();
  const server = await chaosServer(t.url, port);
  const base = `http://127.0.0.1:${port}`;
  const ledger = new Ledger();
  const work = buildWorkload(20_000, seed).requests;
  const answers: Answer[] = [];
  const health: Answer[] = [];
  const readyDuringLock: Record<string, number> = {};
  const problems: string[] = [];
  let deliveries = 0;
  let maxAttempts = 0;
  let locked = false;
  let sending = true;
  try {
    const worker = async () => {
      while (sending) {
        const delivery = work.shift();
        if (!delivery) return;
        deliveries += 1;
        for (let attempt = 1; ; attempt++) {
          const answer = await send(`${base}/api/webhooks/inboxkit`, {
            headers: delivery.headers,
            body: delivery.body,
          });
          answers.push(answer);
          ledger.record(delivery.key, answer);
          if (unexpected5xx(answer)) problems.push(`delivery answered ${answer.status}`);
          if (answer.status >= 200 && answer.status < 300) {
            maxAttempts = Math.max(maxAttempts, attempt);
            break;
          }
          if (attempt >= MAX_ATTEMPTS) {
            problems.push(`a delivery still had no 2xx after ${attempt} attempts`);
            break;
          }
          await sleep(answer.retryAfter ? Number(answer.retryAfter) * 1000 : 500);
        }
        await sleep(100); // each worker sends about 10 deliveries a second
      }
    };
    const poller = async () => {
      while (sending) {
        health.push(await send(`${base}/api/health`));
        if (locked) {
          const ready = await send(`${base}/api/health/ready`);
          readyDuringLock[ready.status] = (readyDuringLock[ready.status] ?? 0) + 1;
        }
        await sleep(250);
      }
    };
    const chaos = async () => {
      await sleep(1000);
      const lock = await holdLock(sqlitePath(t.url), holdSeconds * 1000);
      locked = true;
      await lock.released;
      locked = false;
      await sleep(3000);
      sending = false;
    };
    await Promise.all([chaos(), poller(), ...Array.from({ length: WORKERS }, worker)]);
    const check = await ledger.check(t.url);
    const late =
      answers.filter((a) => a.status === 0 || a.ms > ANSWER_WITHIN_MS).length +
      health.filter((a) => a.status !== 200 || a.ms > ANSWER_WITHIN_MS).length;
    if (late) problems.push(`${late} answers missing, late (> ${ANSWER_WITHIN_MS} ms) or health not 200`);
    const byStatus: Record<string, number> = {};
    for (const a of answers)
      byStatus[a.status || a.error || "none"] = (byStatus[String(a.status || a.error || "none")] ?? 0) + 1;
    return {
      name: `outside SQLite write lock held ${holdSeconds} s`,
      ok: check.ok && problems.length === 0,
      deliveries,
      requests: answers.length,
      byStatus,
      deliveryMs: summary(answers.map((a) => a.ms)),
      healthMs: summary(health.map((a) => a.ms)),
      readyDuringLock,
      maxAttempts,
      check: check.detail,
      problems: [...new Set(problems)],
    };
  } finally {
    await server.stop();
    await t.drop();
  }
}
