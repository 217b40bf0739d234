"use client";
import type { MailboxView } from "@/lib/queries/mailboxes";
import { useApi } from "./api";

/** GET /api/mailboxes/[uid] */
export const useMailbox = (uid: string, initial: MailboxView) =>
  useApi<MailboxView>(`/api/mailboxes/${encodeURIComponent(uid)}`, initial);
