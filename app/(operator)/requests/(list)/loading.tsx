import { PageSkeleton } from "@/components/operator/page-skeleton";

export default function Loading() {
  return <PageSkeleton variant="list" />;
}
