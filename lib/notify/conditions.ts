// What notifications are about: the open items of the attention queue (or anything shaped like
// them), and the workspace settings that decide who hears about them. The scheduler asks a source
// for the items open now and compares them with the conditions it has announced.

export type OpenItem = {
  /** Stable while the condition lasts (the attention queue's item id). */
  id: string;
  kind: string;
  severity: "warning" | "critical";
  workspaceId: string | null;
  /** One line: what is wrong, and with what. */
  title: string;
  /** Sentences: how long, against which budget, what to do next. */
  body: string[];
  /** Path of the operator page for the item, e.g. /domains/<uid>. */
  path: string;
  since: Date;
  /** Acknowledged or snoozed: still open, but operators asked not to be alerted. */
  silenced: boolean;
  /** The channel whose failure this item is about (never alerted on that same channel). */
  channel?: string;
  /** The entity it is about, `<entityType>:<uid>` (absent for windowed items). */
  subject?: string;
  /** For customer_action items: the request the customer has to act on. */
  request?: { type: "consent_request" | "client_id_request"; uid: string };
};

export type WorkspaceNotifySettings = {
  workspaceId: string;
  contactEmail: string | null;
  contactName: string | null;
  displayName: string | null;
  notifyEmails: string[];
  nudges: boolean;
};

export type NotifySources = {
  /** Every open item at `now`, silenced ones included (a silenced item is not resolved). */
  items: (now: Date) => Promise<OpenItem[]>;
  /** Settings of the given workspaces (absent ones: no contact, no extra recipients, nudges on). */
  workspaces: (ids: string[]) => Promise<Map<string, WorkspaceNotifySettings>>;
};

export const defaultWorkspaceSettings = (workspaceId: string): WorkspaceNotifySettings => ({
  workspaceId,
  contactEmail: null,
  contactName: null,
  displayName: null,
  notifyEmails: [],
  nudges: true,
});
