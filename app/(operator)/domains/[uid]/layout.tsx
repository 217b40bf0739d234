// Before the page (and its loading skeleton) streams: 307 to login without a session, 404 for an unknown domain.
import { requireSubject } from "@/lib/server/page-gate";

type Props = { children: React.ReactNode; params: Promise<{ uid: string }> };

export default async function DomainLayout({ children, params }: Props) {
  const { uid } = await params;
  await requireSubject("domain", uid, `/domains/${encodeURIComponent(uid)}`);
  return children;
}
