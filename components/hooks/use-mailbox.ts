"use client";
import type { MailboxData } from "@/lib/queries/mailboxes";
import { useApi } from "./api";

/** GET /api/mailboxes/[uid] */
export const useMailbox = (uid: string, initial: MailboxData) =>
  useApi<MailboxData>(`/api/mailboxes/${encodeURIComponent(uid)}`, initial);
