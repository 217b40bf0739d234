// "Mail flowing" / "Bounces rising" / "Failing" / "No mail yet": the words carry the verdict, the
// rule's reason is on hover (lib/queries/mail-activity.ts documents the rule).
import { Badge } from "@/components/ui/badge";
import type { MailHealth } from "@/lib/queries/mail-activity";
import { HEALTH_LOOK } from "./look";

export function MailHealthBadge({ health, className }: { health: MailHealth; className?: string }) {
  const look = HEALTH_LOOK[health.state];
  return (
    <Badge variant={look.variant} dot className={className} title={health.reason} data-mail-health={health.state}>
      {look.label}
    </Badge>
  );
}
