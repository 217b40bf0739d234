// Where an entity's page is, from its type and uid. Pure (pages and client components both use it).
export function entityHref(entityType: string | null, uid: string | null): string | null {
  if (!entityType || !uid) return null;
  const id = encodeURIComponent(uid);
  if (entityType === "domain") return `/domains/${id}`;
  if (entityType === "mailbox") return `/mailboxes/${id}`;
  if (entityType === "consent_request" || entityType === "client_id_request") return `/requests/${id}`;
  return null;
}

/** Event-log filters as a link (the /events page keeps its filters in the URL). */
export function eventsHref(filters: Record<string, string>): string {
  const qs = new URLSearchParams(filters).toString();
  return qs ? `/events?${qs}` : "/events";
}
