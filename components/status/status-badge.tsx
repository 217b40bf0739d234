// A vendor status as a badge: plain label, the raw status on hover and for tests. In the lists, an
// entity past its attention budget turns it amber, a critical one red (the words say so too).
import { Badge } from "@/components/ui/badge";
import type { EntityType } from "@/lib/ordering";
import type { Severity } from "@/lib/attention/evaluate";
import { SEVERITY_VARIANT } from "@/components/attention/look";
import { statusLook } from "./vendor-status";

const PAST_BUDGET: Record<Severity, string> = { warning: "past budget", critical: "critical" };

export function StatusBadge({
  type,
  status,
  severity,
  className,
}: {
  type: EntityType;
  status: string | null | undefined;
  /** How the entity stands against its budget (lib/attention/evaluate.ts `inStatus`). */
  severity?: Severity | null;
  className?: string;
}) {
  const look = statusLook(type, status);
  return (
    <Badge
      variant={severity ? SEVERITY_VARIANT[severity] : look.variant}
      dot
      className={className}
      title={status ?? undefined}
      data-status={status ?? ""}
      data-attention={severity ?? undefined}
      data-testid="status-badge"
    >
      {look.label}
      {severity && <span className="sr-only">, {PAST_BUDGET[severity]}</span>}
    </Badge>
  );
}
