// Notifications that stayed undeliverable for the whole retry window become an item of their own:
// one per destination, open until a later message to that destination goes through.
import type { Database } from "../db/client";
import type { OpenItem } from "./conditions";

const CHANNEL_LABEL: Record<string, string> = { slack: "Slack", webhook: "the alert webhook", email: "email" };

type FailedGroup = {
  destination: string;
  channel: string;
  recipient: string | null;
  first_id: number | bigint;
  failed: number | bigint;
  since: Date | string;
  last_error: string | null;
};

export async function failedNotificationItems(db: Database): Promise<OpenItem[]> {
  const groups = await db.prisma.$queryRaw<FailedGroup[]>`
    SELECT n."destination", MIN(n."channel") AS "channel", MIN(n."recipient") AS "recipient", MIN(n."id") AS "first_id",
      COUNT(*) AS "failed", MIN(n."created_at") AS "since", MAX(n."last_error") AS "last_error"
    FROM "notifications" n LEFT JOIN "notification_destinations" d ON d."key" = n."destination"
    WHERE n."status" = 'failed' AND n."kind" <> 'test' AND (d."last_sent_at" IS NULL OR n."last_attempt_at" > d."last_sent_at")
    GROUP BY n."destination"`;
  return groups.map((g) => {
    const where = `${CHANNEL_LABEL[g.channel] ?? g.channel}${g.recipient ? ` to ${g.recipient}` : ""}`;
    const count = Number(g.failed);
    return {
      id: `notification_failed:${g.destination}:${Number(g.first_id)}`,
      kind: "failed",
      severity: "critical",
      workspaceId: null,
      title: `Notifications through ${where} are failing`,
      body: [
        `${count} notification${count === 1 ? "" : "s"} could not be delivered within 24 h of retries${g.last_error ? ` (last error: ${g.last_error})` : ""}.`,
        "Check the channel's settings, then send a test from the settings page.",
      ],
      path: "/notifications?status=failed",
      since: new Date(g.since),
      silenced: false,
      channel: g.channel,
    };
  });
}
