// What an operator should do next about an attention item, in one short sentence, and where to do
// it. Pure: the overview's rows and the alerts can both use it.
import type { AttentionItem } from "./evaluate";
import { entityHref } from "../entity-links";
import { MAILBOX_PROVISIONING } from "./budgets";

type Item = Pick<AttentionItem, "kind" | "entityType" | "status">;

const STUCK: Record<string, string> = {
  "domain:registration_in_progress": "Ask InboxKit why the registration has not gone through.",
  "domain:dns_setup_pending": "Ask InboxKit why DNS setup has not started.",
  "domain:waiting_for_dns_propagation": "Check the domain's nameservers and records; ask InboxKit if they look right.",
  "mailbox:provisioning": "Ask InboxKit support about the stalled mailbox setup.",
  queued: "Ask InboxKit why the request has not been picked up.",
  processing: "Ask InboxKit why checking the grant takes this long.",
};

const FAILED: Record<string, string> = {
  "domain:payment_failed": "Fix the payment in InboxKit, then retry the order.",
  "domain:expired_propagation": "DNS never propagated: check the records, then restart the domain in InboxKit.",
  "domain:no_longer_available": "Pick another domain with the customer.",
  "domain:dns_propagation_failed": "Check the DNS records, then re-run the check in InboxKit.",
  "domain:dns_propagation_errored": "Check the DNS records, then re-run the check in InboxKit.",
  "mailbox:failed": "Open the timeline for the reason, then recreate the mailbox or contact InboxKit.",
  "mailbox:renewal_failed": "Fix the billing in InboxKit so the mailbox renews.",
  "mailbox:suspended": "Ask InboxKit why the mailbox was suspended.",
  "consent_request:failed": "Read the reason on the request, tell the customer, and start a new consent request.",
  "consent_request:errored": "Read the reason on the request, tell the customer, and start a new consent request.",
  "client_id_request:failed": "Read the reason on the request, tell the customer, and start a new client-ID request.",
  "client_id_request:errored": "Read the reason on the request, tell the customer, and start a new client-ID request.",
  "notification:failed": "Check the channel's settings on Notifications and send a test.",
};

export function nextStep(item: Item): string {
  switch (item.kind) {
    case "customer_action":
      return item.entityType === "consent_request"
        ? "The customer must grant consent: send them their link or the consent URL."
        : "The customer must add the client ID in Google Admin: send them their link or the client ID.";
    case "refused_deliveries":
      return item.status === "unstorable"
        ? "The database refused a genuine delivery 3 times: see the error and its payload on Deliveries, and apply it by hand."
        : "See why on Deliveries: usually a wrong secret or signature scheme. Refused deliveries are lost.";
    case "mail":
      return item.status === "failing"
        ? "Mail from this address is failing: check its mail activity and DNS (SPF, DKIM)."
        : "Bounces are rising: check the recipient list and the address's reputation.";
    case "failed":
      return (
        FAILED[`${item.entityType}:${item.status}`] ??
        "Open it for the reason and act on it; the vendor will not retry."
      );
    case "stuck": {
      const provisioning =
        item.entityType === "mailbox" && (MAILBOX_PROVISIONING as readonly string[]).includes(item.status);
      return (
        STUCK[`${item.entityType}:${item.status}`] ??
        (provisioning ? STUCK["mailbox:provisioning"] : undefined) ??
        STUCK[item.status] ??
        "Ask InboxKit why it is not moving."
      );
    }
  }
}

/** Where the item is looked at: its entity's page, or the page about its cause. */
export function itemHref(item: Pick<AttentionItem, "kind" | "entityType" | "uid">): string | null {
  if (item.kind === "refused_deliveries") return "/deliveries";
  if (item.entityType === "notification") return "/notifications";
  return entityHref(item.entityType, item.uid);
}
