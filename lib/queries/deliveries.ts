// Refused deliveries (rejected_deliveries), explained in plain words. A refused genuine delivery is
// lost (the vendor does not retry a 4xx), so the operator must see why and what to change.
import { hourOf } from "../webhooks/quarantine";
import { z } from "zod";
import { configuredInboxKitScheme } from "../config";
import { jsonify, parseJsonColumn, ready, type Jsonified } from "./db";

export const deliveriesQuery = z.object({
  reason: z
    .string()
    .trim()
    .max(50)
    .optional()
    .transform((v) => v || undefined),
  vendor: z
    .string()
    .trim()
    .max(50)
    .optional()
    .transform((v) => v || undefined),
  /** Only refusals received in the last N hours. */
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

export type Explanation = { title: string; explanation: string; fix: string | null };

/** An Inkbox refusal in Inkbox's terms (its own keys, header and timestamp window). Pure. */
function explainInkbox(reason: string): Explanation | null {
  switch (reason) {
    case "bad_signature":
      return {
        title: "Signature does not match",
        explanation:
          "The X-Inkbox-Signature matches none of the configured Inkbox signing keys: a wrong or rotated key, or a delivery that is not from Inkbox.",
        fix: "Check that INKBOX_SIGNING_KEYS holds the organisation's signing key from Inkbox (list old and new while rotating; a whsec_ prefix is accepted).",
      };
    case "missing_signature":
      return {
        title: "No signature",
        explanation:
          "The request carried no X-Inkbox-Signature (or no request id and timestamp), so it cannot be from Inkbox.",
        fix: "Nothing to do unless you sent it yourself.",
      };
    case "stale_timestamp":
      return {
        title: "Too old",
        explanation:
          "The X-Inkbox-Timestamp is more than 300 s away from this server's clock (a replay, or a clock far off).",
        fix: "Check this server's clock; Inkbox retries a delivery with a fresh timestamp.",
      };
    default:
      return null;
  }
}

/** What a refusal reason means and what to do about it, in the words of the vendor it came to. Pure. */
export function explainRejection(
  reason: string,
  matchedScheme: string | null,
  detail: string | null,
  configuredScheme: string,
  vendor = "inboxkit",
): Explanation {
  const inkbox = vendor === "inkbox" ? explainInkbox(reason) : null;
  if (inkbox) return inkbox;
  switch (reason) {
    case "bad_signature":
      if (matchedScheme) {
        return {
          title: "Signed with the other scheme",
          explanation: `The signature is valid under ${matchedScheme}, but this server checks ${configuredScheme}.`,
          fix: `Set INBOXKIT_SIGNATURE_SCHEME=${matchedScheme} and restart; the vendor does not resend refused deliveries.`,
        };
      }
      return {
        title: "Signature does not match",
        explanation:
          "The signature matches none of the configured keys under either scheme: a wrong or rotated key, or a delivery that is not from InboxKit.",
        fix: "Check that INBOXKIT_WEBHOOK_SECRETS holds the team API key InboxKit signs with (comma-separate old and new keys while rotating).",
      };
    case "source_not_allowed":
      return {
        title: "From an address not allowed",
        explanation: `The delivery came from outside INBOXKIT_ALLOWED_SOURCES${detail ? ` (${detail})` : ""}.`,
        fix: "If InboxKit delivers from a new address, add it to INBOXKIT_ALLOWED_SOURCES; behind a proxy, list the proxy in TRUSTED_PROXIES so the client address is known.",
      };
    case "missing_signature":
      return {
        title: "No signature",
        explanation: "The request carried no signature header, so it cannot be from InboxKit.",
        fix: "Nothing to do unless you sent it yourself.",
      };
    case "stale_timestamp":
      return {
        title: "Too old",
        explanation: "The delivery's signed timestamp is outside the accepted window (a replay, or a clock far off).",
        fix: "Check the sender's clock.",
      };
    case "bad_content_type":
      return { title: "Not JSON", explanation: "The Content-Type was not application/json.", fix: null };
    case "too_large":
      return { title: "Too large", explanation: "The body exceeded the size limit; reading stopped there.", fix: null };
    case "malformed_json":
      return { title: "Unreadable JSON", explanation: "The body is not valid JSON.", fix: null };
    case "too_deep":
      return {
        title: "Nested too deeply",
        explanation: "The JSON nests arrays or objects deeper than any genuine delivery does, so it was not read.",
        fix: null,
      };
    case "invalid_payload":
      return {
        title: "Unexpected shape",
        explanation: `The JSON is valid but does not match the documented event${detail ? `: ${detail}` : ""}.`,
        fix: "If the vendor changed its format, the stored payload (credentials removed) shows what arrived.",
      };
    case "unstorable":
      return {
        title: "Could not be stored",
        explanation: `A genuine delivery the database refused the same way 3 times${detail ? ` (${detail})` : ""}. It was answered 200 so the vendor stops retrying, and applied to nothing.`,
        fix: "The detail names the event and what it was for: apply that change by hand in the vendor's dashboard if it matters (its payload, credentials removed, is kept with this refusal in the database), and report the error so the database can take such deliveries.",
      };
    default:
      return { title: reason.replace(/_/g, " "), explanation: detail ?? "Refused.", fix: null };
  }
}

const select = {
  id: true,
  vendor: true,
  reason: true,
  detail: true,
  size: true,
  bodySha256: true,
  headers: true,
  matchedScheme: true,
  receivedAt: true,
  sealedUntil: true,
  recoveredAt: true,
  recoveredEventId: true,
} as const;

export type DeliveryRow = Omit<
  Jsonified<{
    id: number;
    vendor: string;
    reason: string;
    detail: string | null;
    size: number;
    bodySha256: string;
    matchedScheme: string | null;
    receivedAt: Date;
    sealedUntil: Date | null;
    recoveredAt: Date | null;
    recoveredEventId: number | null;
  }>,
  never
> & {
  headers: Record<string, string>;
  explanation: Explanation;
  /** Its body is sealed in quarantine, waiting for re-verify (never the body itself). */
  quarantined: boolean;
};

export type DeliveriesPage = {
  rows: DeliveryRow[];
  nextBefore: number | null;
  counts: Record<string, number>;
  last24h: number;
  scheme: string;
  /** Sealed deliveries re-verify would check now. */
  quarantined: number;
  /** Refusals past the per-vendor cap, counted per hour instead of stored (same vendor and time window). */
  counted: number;
};

export async function listDeliveries(query: DeliveriesQuery, now: Date = new Date()): Promise<DeliveriesPage> {
  const prisma = await ready();
  const since = query.hours ? new Date(now.getTime() - query.hours * 3600_000) : undefined;
  const base = { vendor: query.vendor, ...(since ? { receivedAt: { gte: since } } : {}) };
  const [rows, groups, last24h, quarantined, counted] = await Promise.all([
    prisma.rejectedDelivery.findMany({
      where: { ...base, reason: query.reason, ...(query.before ? { id: { lt: query.before } } : {}) },
      select,
      orderBy: { id: "desc" },
      take: query.limit + 1,
    }),
    prisma.rejectedDelivery.groupBy({ by: ["reason"], where: base, _count: { _all: true } }),
    prisma.rejectedDelivery.count({ where: { receivedAt: { gte: new Date(now.getTime() - 24 * 3600_000) } } }),
    prisma.rejectedDelivery.count({ where: { sealed: { not: null }, recoveredAt: null, sealedUntil: { gt: now } } }),
    prisma.refusalCounter.aggregate({
      where: { vendor: query.vendor, reason: query.reason, ...(since ? { hour: { gte: hourOf(since) } } : {}) },
      _sum: { count: true },
    }),
  ]);
  const scheme = configuredInboxKitScheme();
  const page = rows.slice(0, query.limit);
  return {
    rows: page.map((r) => {
      const { headers, ...rest } = jsonify(r);
      return {
        ...rest,
        headers: parseJsonColumn<Record<string, string>>(headers, {}),
        explanation: explainRejection(r.reason, r.matchedScheme, r.detail, scheme, r.vendor),
        quarantined: r.recoveredAt === null && r.sealedUntil !== null && r.sealedUntil > now,
      };
    }),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
    counts: Object.fromEntries(groups.map((g) => [g.reason, g._count._all])),
    last24h,
    scheme,
    quarantined,
    counted: counted._sum.count ?? 0,
  };
}
