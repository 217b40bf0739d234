// A vendor status as a badge: plain label, the raw status on hover and for tests.
import { Badge } from "@/components/ui/badge";
import type { EntityType } from "@/lib/ordering";
import { statusLook } from "./vendor-status";

export function StatusBadge({
  type,
  status,
  className,
}: {
  type: EntityType;
  status: string | null | undefined;
  className?: string;
}) {
  const look = statusLook(type, status);
  return (
    <Badge variant={look.variant} dot className={className} title={status ?? undefined} data-status={status ?? ""}>
      {look.label}
    </Badge>
  );
}
