// Notifications that stayed undeliverable for the whole retry window are an attention item: one per
// destination, open until a later message to that destination goes through (a sent notification or
// a delivered test). The attention queue reads them with its other facts.
import type { Db } from "../db/client";
import type { NotificationFailureFact } from "../attention/evaluate";

const CHANNEL_LABEL: Record<string, string> = { slack: "Slack", webhook: "the alert webhook", email: "email" };

type FailedGroup = {
  destination: string;
  channel: string;
  recipient: string | null;
  failed: number | bigint;
  since: Date | string;
  last_error: string | null;
};

export async function failedDestinations(prisma: Db): Promise<NotificationFailureFact[]> {
  const groups = await prisma.$queryRaw<FailedGroup[]>`
    SELECT n."destination", MIN(n."channel") AS "channel", MIN(n."recipient") AS "recipient", COUNT(*) AS "failed",
      MIN(n."created_at") AS "since", MAX(n."last_error") AS "last_error"
    FROM "notifications" n LEFT JOIN "notification_destinations" d ON d."key" = n."destination"
    WHERE n."status" = 'failed' AND n."kind" <> 'test' AND (d."last_sent_at" IS NULL OR n."last_attempt_at" > d."last_sent_at")
    GROUP BY n."destination"`;
  return groups.map((g) => {
    const count = Number(g.failed);
    const where = `${CHANNEL_LABEL[g.channel] ?? g.channel}${g.recipient ? ` to ${g.recipient}` : ""}`;
    return {
      destination: g.destination,
      label: `Notifications via ${where}: ${count} undelivered after 24 h of retries${g.last_error ? ` (${g.last_error})` : ""}`,
      since: new Date(g.since),
    };
  });
}
