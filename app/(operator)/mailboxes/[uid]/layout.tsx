// Before the page (and its loading skeleton) streams: 307 to login without a session, 404 for an unknown mailbox.
import { requireSubject } from "@/lib/server/page-gate";

type Props = { children: React.ReactNode; params: Promise<{ uid: string }> };

export default async function MailboxLayout({ children, params }: Props) {
  const { uid } = await params;
  await requireSubject("mailbox", uid, `/mailboxes/${encodeURIComponent(uid)}`);
  return children;
}
