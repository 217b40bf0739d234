// The header of a domain or mailbox page: where it sits, its name, its status badge, the facts that
// identify it, and when it last changed.
import Link from "next/link";
import type { EntityType } from "@/lib/ordering";
import { StatusBadge } from "@/components/status/status-badge";
import { PageHeader } from "@/components/ui/card";
import { When } from "@/components/ui/time";

type Props = {
  section: { label: string; href: string };
  title: string;
  type: EntityType;
  status: string;
  lastOccurredAt: string;
  facts?: React.ReactNode;
  actions?: React.ReactNode;
};

export function EntityHeader({ section, title, type, status, lastOccurredAt, facts, actions }: Props) {
  return (
    <PageHeader
      eyebrow={
        <Link href={section.href} className="hover:underline">
          {section.label}
        </Link>
      }
      title={title}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <span data-testid="current-status">
            <StatusBadge type={type} status={status} />
          </span>
          {facts}
          <span>
            · <When iso={lastOccurredAt} prefix="changed " />
          </span>
        </span>
      }
      actions={actions}
    />
  );
}
