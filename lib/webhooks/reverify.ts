// Re-verify: every quarantined delivery (lib/webhooks/quarantine.ts) is checked again against the
// CURRENT configuration (InboxKit secrets and scheme, Inkbox keys) and, if it now passes, ingested
// through the normal path (parseVerified + the vendor's ingest: credentials removed, deduplicated,
// ordered) with its original received time. An Inkbox delivery is verified against the time it was
// received, so a body now past the 300 s window is judged on its signature and original timestamp.
// Decrypted bodies stay in this process; a recovered row keeps its refusal facts, loses its sealed
// body and names the event it became, so a second run finds nothing to ingest.
import { auditStatement } from "../audit/record";
import type { Operator } from "../auth/session";
import { config, ConfigError } from "../config";
import { database, type Database } from "../db/client";
import { publish } from "../live/bus";
import { log } from "../log";
import { forgetDeliveryHour } from "../queries/charts";
import { inboxKitContract } from "./inboxkit/contract";
import { inkboxContract } from "./inkbox/contract";
import { unseal } from "./quarantine";
import { parseVerified, type WebhookContract } from "./receive";

export type ReverifyResult = { checked: number; recovered: number; stillFailing: number };

const BATCH = 100;

// The contracts differ only in their delivery type, which stays inside each call.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CONTRACTS: Record<string, WebhookContract<any>> = { inboxkit: inboxKitContract, inkbox: inkboxContract };

type Outcome = { recovered: true; eventId: number } | { recovered: false; why: string };

async function recheck(
  db: Database,
  key: Buffer | undefined,
  row: { vendor: string; sealed: string; receivedAt: Date },
): Promise<Outcome> {
  const contract = CONTRACTS[row.vendor];
  if (!contract) return { recovered: false, why: "unknown vendor" };
  const sealed = key ? unseal(key, row.vendor, row.sealed) : null;
  if (!sealed) return { recovered: false, why: "sealed under another QUARANTINE_KEY" };
  const headers = new Headers(sealed.headers);
  let verdict;
  try {
    verdict = contract.verify(headers, sealed.body, row.receivedAt);
  } catch (error) {
    if (error instanceof ConfigError) return { recovered: false, why: "receiver not configured" };
    throw error;
  }
  if (!verdict.ok) return { recovered: false, why: verdict.reason };
  const parsed = parseVerified(contract, headers, sealed.body, row.receivedAt);
  if (!parsed.ok) return { recovered: false, why: parsed.refusal.reason };
  const notice = contract.notice(parsed.delivery);
  const result = await contract.ingest(db, parsed.delivery, row.receivedAt, notice);
  await forgetDeliveryHour(db, row.receivedAt); // its hour's chart counts gain an accepted delivery
  if (db.provider === "sqlite") publish(notice);
  return { recovered: true, eventId: result.eventId };
}

export async function reverifyQuarantine(
  operator: Operator,
  options: { db?: Database; now?: Date } = {},
): Promise<ReverifyResult> {
  const db = options.db ?? database();
  await db.ready;
  const now = options.now ?? new Date();
  const key = config().QUARANTINE_KEY;
  const result: ReverifyResult = { checked: 0, recovered: 0, stillFailing: 0 };
  const still: Record<string, number> = {};
  let after = 0;
  for (;;) {
    const rows = await db.prisma.rejectedDelivery.findMany({
      where: { id: { gt: after }, sealed: { not: null }, recoveredAt: null, sealedUntil: { gt: now } },
      select: { id: true, vendor: true, sealed: true, receivedAt: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      result.checked += 1;
      const outcome = await recheck(db, key, { ...row, sealed: row.sealed! });
      if (!outcome.recovered) {
        result.stillFailing += 1;
        still[outcome.why] = (still[outcome.why] ?? 0) + 1;
        continue;
      }
      result.recovered += 1;
      await db.prisma.rejectedDelivery.update({
        where: { id: row.id },
        data: { sealed: null, recoveredAt: now, recoveredEventId: outcome.eventId },
      });
    }
  }
  await auditStatement(
    db.prisma,
    operator,
    {
      action: "deliveries.reverify",
      targetType: "deliveries",
      targetId: "quarantine",
      summary: `Re-verified ${result.checked} quarantined deliveries: ${result.recovered} recovered, ${result.stillFailing} still fail`,
      detail: { ...result, stillFailingBy: still },
    },
    now,
  );
  if (result.recovered) publish({ kind: "operator" });
  log.info("quarantine re-verified", { ...result });
  return result;
}
