"use client";
// The list endpoints; the key carries the page's query string, so each page/filter is its own entry.
import type { DomainRow } from "@/lib/queries/domains";
import type { MailboxRow } from "@/lib/queries/mailboxes";
import type { RequestRow } from "@/lib/queries/requests";
import type { DeliveriesPage } from "@/lib/queries/deliveries";
import type { Page } from "@/lib/queries/list";
import { useApi } from "./api";

/** GET /api/domains?… */
export const useDomains = (query: string, initial: Page<DomainRow>) => useApi(`/api/domains${query}`, initial);
/** GET /api/mailboxes?… */
export const useMailboxes = (query: string, initial: Page<MailboxRow>) => useApi(`/api/mailboxes${query}`, initial);
/** GET /api/requests?… */
export const useRequests = (query: string, initial: Page<RequestRow>) => useApi(`/api/requests${query}`, initial);
/** GET /api/deliveries?… */
export const useDeliveries = (query: string, initial: DeliveriesPage) => useApi(`/api/deliveries${query}`, initial);
