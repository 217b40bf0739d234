// Mail activity (Inkbox) for mailbox pages and lists. Data: lib/queries/mail-activity.ts.
export { MailActivityCounts, mailCountsLine } from "./mail-activity-counts";
export { MailActivityEntry } from "./mail-activity-entry";
export { MailActivityFeed } from "./mail-activity-feed";
export { MailActivityContent, MailActivityPanel } from "./mail-activity-panel";
export { MailHealthBadge } from "./mail-health-badge";
export { MailHealthCell } from "./mail-health-cell";
export { HEALTH_LOOK, KIND_LOOK, kindLook } from "./look";
