// Refusals, stored within bounds. A delivery refused for its signature (bad_signature,
// stale_timestamp) is quarantined: its raw body and signature headers are kept sealed with AES-256-GCM
// under QUARANTINE_KEY for QUARANTINE_DAYS, so that after the operator fixes a secret, scheme or
// Inkbox key, re-verify (lib/webhooks/reverify.ts) can still ingest it: InboxKit never retries a 4xx.
//
// Bounds: per vendor, at most `cap` (1,000) refusal rows received in the last QUARANTINE_DAYS in each
// of three pools: quarantined ones, `unstorable` ones (genuine deliveries the database refused,
// lib/webhooks/unstorable.ts) and the rest (so a flood of unsigned or badly signed requests cannot
// crowd out the others). Past the cap a refusal is only counted, per vendor, reason and hour (refusal_counters),
// and its live notices are coalesced to at most one per second per vendor.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { publish } from "../live/bus";
import type { Database } from "../db/client";
import { retryWhileLocked } from "../db/lock-retry";
import { noted } from "../db/write-health";

export const QUARANTINE_DAYS = 7;
export const QUARANTINE_MS = QUARANTINE_DAYS * 24 * 3600_000;
/** Stored refusal rows per vendor and pool within QUARANTINE_DAYS. */
export const REFUSAL_CAP = 1_000;
/** Once a pool is found full, refusals are counted without asking the database again for this long. */
const FULL_RECHECK_MS = 10_000;
const NOTICE_EVERY_MS = 1_000;

export const QUARANTINED_REASONS: ReadonlySet<string> = new Set(["bad_signature", "stale_timestamp"]);
/** A signed, valid delivery the database refused identically 3 times (lib/webhooks/unstorable.ts). */
export const UNSTORABLE = "unstorable";

type Pool = "quarantine" | "unstorable" | "other";
const poolOf = (reason: string): Pool =>
  QUARANTINED_REASONS.has(reason) ? "quarantine" : reason === UNSTORABLE ? "unstorable" : "other";
const POOL_REASONS: Record<Pool, { in: string[] } | { notIn: string[] }> = {
  quarantine: { in: [...QUARANTINED_REASONS] },
  unstorable: { in: [UNSTORABLE] },
  other: { notIn: [...QUARANTINED_REASONS, UNSTORABLE] },
};

// ── Sealing ──────────────────────────────────────────────────────────────────────────────────────
/** What a quarantined delivery keeps: the request headers its verification reads, and the raw body. */
export type Sealed = { headers: Record<string, string>; body: Buffer };

const VERSION = "v1";

/** `v1.` + base64(iv ‖ tag ‖ ciphertext); the vendor is bound as associated data. */
export function seal(key: Buffer, vendor: string, sealed: Sealed): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(vendor));
  const plain = Buffer.from(JSON.stringify({ h: sealed.headers, b: sealed.body.toString("base64") }));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64")}`;
}

/** The sealed delivery, or null when it was not sealed under this key (a replaced key) or was altered. */
export function unseal(key: Buffer, vendor: string, text: string): Sealed | null {
  if (!text.startsWith(`${VERSION}.`)) return null;
  const raw = Buffer.from(text.slice(VERSION.length + 1), "base64");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(vendor));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    const parsed = JSON.parse(plain.toString("utf8")) as { h: Record<string, string>; b: string };
    return { headers: parsed.h, body: Buffer.from(parsed.b, "base64") };
  } catch {
    return null;
  }
}

/** The named headers a request carries (lower-case names), values cut at `max` characters. */
export function pickHeaders(headers: Headers, names: readonly string[], max = 1000): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value.slice(0, max);
  }
  return kept;
}

// ── Storing within the cap ───────────────────────────────────────────────────────────────────────
export type RefusalRow = {
  vendor: string;
  reason: string;
  detail: string;
  size: number;
  bodySha256: string;
  headers: string;
  matchedScheme: string | null;
  payload: string | null;
  receivedAt: Date;
};

type Limits = { cap: number };
const limits: Limits = { cap: REFUSAL_CAP };

/** Tests: a smaller cap (the 5,000-request flood runs in `npm run bench` at the real one). */
export function setRefusalCap(cap: number = REFUSAL_CAP): void {
  limits.cap = cap;
  fullUntil.clear();
}

const fullUntil = new Map<string, number>();

export const hourOf = (at: Date): Date => new Date(Math.floor(at.getTime() / 3600_000) * 3600_000);

export type Stored = { stored: true; id: number; quarantined: boolean } | { stored: false; counted: true };

/**
 * Records one refusal: a row while its vendor's pool has room (sealed when `secret` is given and the
 * reason is quarantined), else one more in its hour's counter. The count and the insert run in one
 * transaction (on PostgreSQL under an advisory lock per vendor and pool), so the cap holds across
 * requests and instances.
 */
export async function storeRefusal(
  db: Database,
  row: RefusalRow,
  secret?: { key: Buffer; sealed: Sealed },
): Promise<Stored> {
  const kind = poolOf(row.reason);
  const pool = `${row.vendor}:${kind}`;
  const now = Date.now();
  if ((fullUntil.get(pool) ?? 0) <= now) {
    const sealed = kind === "quarantine" && secret ? seal(secret.key, row.vendor, secret.sealed) : null;
    const id = await noted(retryWhileLocked(db, () => insertWithinCap(db, row, kind, pool, sealed)));
    if (id !== null) {
      publish({ kind: "rejected", vendor: row.vendor, eventId: id });
      return { stored: true, id, quarantined: sealed !== null };
    }
    fullUntil.set(pool, now + FULL_RECHECK_MS);
  }
  await noted(
    retryWhileLocked(db, () =>
      db.prisma.refusalCounter.upsert({
        where: { vendor_reason_hour: { vendor: row.vendor, reason: row.reason, hour: hourOf(row.receivedAt) } },
        create: { vendor: row.vendor, reason: row.reason, hour: hourOf(row.receivedAt), count: 1 },
        update: { count: { increment: 1 } },
        select: { id: true },
      }),
    ),
  );
  coalescedNotice(row.vendor);
  return { stored: false, counted: true };
}

function insertWithinCap(
  db: Database,
  row: RefusalRow,
  kind: Pool,
  pool: string,
  sealed: string | null,
): Promise<number | null> {
  return db.prisma.$transaction(async (tx) => {
    if (db.provider === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${pool}))`;
    const inPool = await tx.rejectedDelivery.count({
      where: {
        vendor: row.vendor,
        receivedAt: { gt: new Date(row.receivedAt.getTime() - QUARANTINE_MS) },
        reason: POOL_REASONS[kind],
      },
    });
    if (inPool >= limits.cap) return null;
    const created = await tx.rejectedDelivery.create({
      data: { ...row, sealed, sealedUntil: sealed ? new Date(row.receivedAt.getTime() + QUARANTINE_MS) : null },
      select: { id: true },
    });
    return created.id;
  });
}

const lastNotice = new Map<string, number>();
const pendingNotice = new Set<string>();

/** At most one "rejected" notice per second per vendor for counted refusals; the last one of a burst is sent late. */
function coalescedNotice(vendor: string): void {
  const now = Date.now();
  const wait = (lastNotice.get(vendor) ?? 0) + NOTICE_EVERY_MS - now;
  if (wait <= 0) {
    lastNotice.set(vendor, now);
    publish({ kind: "rejected", vendor });
    return;
  }
  if (pendingNotice.has(vendor)) return;
  pendingNotice.add(vendor);
  setTimeout(() => {
    pendingNotice.delete(vendor);
    lastNotice.set(vendor, Date.now());
    publish({ kind: "rejected", vendor });
  }, wait).unref();
}
