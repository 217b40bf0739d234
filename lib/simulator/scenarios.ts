// InboxKit scenarios: the stories the simulator plays against a running server. Each builds
// realistic, fully populated payloads (lib/simulator/inboxkit-payloads.ts) and signs them as the
// vendor does. Entities get ids unique to the run, so scenarios can be replayed side by side.
import {
  googleClientId,
  type SimClientId,
  type SimConsent,
  type SimDomain,
  type SimMailbox,
} from "./inboxkit-payloads";
import { Script } from "./script";
import type { Scenario, ScenarioContext } from "./types";

const PEOPLE = [
  { username: "jane.doe", firstName: "Jane", lastName: "Doe" },
  { username: "marco.rossi", firstName: "Marco", lastName: "Rossi" },
  { username: "priya.patel", firstName: "Priya", lastName: "Patel" },
];

type Cast = {
  script: Script;
  domain: SimDomain;
  mailboxes: SimMailbox[];
  admin: SimMailbox;
  consent: SimConsent;
  clientId: SimClientId;
};

/** A domain with mailboxes on one platform, and the requests onboarding them will raise. */
function cast(
  ctx: ScenarioContext,
  name: string,
  platform: SimMailbox["platform"],
  options: { mailboxes?: number; connected?: boolean } = {},
): Cast {
  const script = new Script(ctx);
  const domain: SimDomain = {
    uid: script.uid("DOM", 1),
    name: `${name}-${ctx.runId}.com`,
    connectionType: options.connected ? "connected" : "purchased",
  };
  const mailboxes = PEOPLE.slice(0, options.mailboxes ?? 2).map((person, i) => ({
    uid: script.uid("MBX", i + 1),
    ...person,
    domain,
    platform,
    isAdmin: i === 0,
  }));
  const admin = mailboxes[0];
  return {
    script,
    domain,
    mailboxes,
    admin,
    consent: { uid: script.uid("CNS", 1), mailbox: admin },
    clientId: { uid: script.uid("CID", 1), domain, clientId: googleClientId() },
  };
}

/** Domain purchase through DNS to active, with mailboxes waiting on DNS and then being configured. */
function purchaseAndProvision({ script, domain, mailboxes }: Cast): void {
  script
    .domain(domain, "registration_in_progress", undefined, "pending_payment")
    .domain(domain, "dns_setup_pending")
    .mailboxes(mailboxes, "pending")
    .domain(domain, "waiting_for_dns_propagation")
    .mailboxes(mailboxes, "waiting_for_dns_propagation")
    .domain(domain, "active", { assigned_mailboxes: mailboxes.length, available_mailboxes: 50 - mailboxes.length })
    .mailboxes(mailboxes, "configuring_workspace")
    .mailboxes(mailboxes, "configuring_dns")
    .mailboxes(mailboxes, "configuring_dkim")
    .mailboxes(mailboxes, "configuring_auth");
}

/** A customer-owned domain being connected: nameservers, DNS records, then propagation; its mailbox is requested meanwhile. */
function connectDomain({ script, domain, admin }: Cast): void {
  script
    .domain(domain, "not_connected")
    .domain(domain, "dns_setup_pending")
    .mailbox(admin, "pending")
    .domain(domain, "waiting_for_dns_propagation");
}

const googleOnboarding: Scenario = {
  name: "google-onboarding",
  description:
    "Google Workspace: domain purchase → DNS → mailboxes provisioned → consent pending → client ID pending → both completed → mailboxes active",
  deliveries(ctx) {
    const c = cast(ctx, "northwind-mail", "GOOGLE");
    purchaseAndProvision(c);
    c.script
      .consent(c.consent, "queued")
      .consent(c.consent, "pending")
      .wait(6)
      .clientId(c.clientId, "queued")
      .clientId(c.clientId, "pending")
      .wait(8)
      .consent(c.consent, "processing")
      .consent(c.consent, "completed", { status_text: "Consent granted" })
      .wait(6)
      .clientId(c.clientId, "processing")
      .clientId(c.clientId, "completed", { status_text: "Client ID authorized for domain-wide delegation" })
      .mailboxes(c.mailboxes, "finalizing_setup")
      .mailboxes(c.mailboxes, "active");
    return c.script.steps();
  },
};

const microsoftOnboarding: Scenario = {
  name: "microsoft-onboarding",
  description:
    "Microsoft 365: connected domain → DNS → activation email → consent pending → completed → mailbox active (no client ID step)",
  deliveries(ctx) {
    const c = cast(ctx, "contoso-reach", "MICROSOFT", { mailboxes: 1, connected: true });
    connectDomain(c);
    c.script
      .domain(c.domain, "active", { assigned_mailboxes: 1, available_mailboxes: 49 })
      .mailbox(c.admin, "waiting_for_activation_email")
      .mailbox(c.admin, "activation_email_received")
      .mailbox(c.admin, "configuring_workspace")
      .mailbox(c.admin, "configuring_dns")
      .mailbox(c.admin, "configuring_auth")
      .consent(c.consent, "queued")
      .consent(c.consent, "pending")
      .wait(8)
      .consent(c.consent, "processing")
      .consent(c.consent, "completed", { status_text: "Consent granted" })
      .mailbox(c.admin, "finalizing_setup")
      .mailbox(c.admin, "active");
    return c.script.steps();
  },
};

const consentFailed: Scenario = {
  name: "consent-failed",
  description: "Google mailbox reaches consent; the administrator declines it and the request fails after its retries",
  deliveries(ctx) {
    const c = cast(ctx, "fabrikam-sales", "GOOGLE", { mailboxes: 1 });
    purchaseAndProvision(c);
    c.script
      .consent(c.consent, "queued")
      .consent(c.consent, "pending")
      .wait(6)
      .consent(c.consent, "processing", { retry_count: 1 })
      .consent(c.consent, "pending", { retry_count: 1 })
      .wait(4)
      .consent(c.consent, "processing", { retry_count: 3 })
      .consent(c.consent, "failed", {
        retry_count: 3,
        status_text: "The administrator declined the requested permissions",
        status_reason: "user_denied",
      });
    return c.script.steps();
  },
};

const dnsFailed: Scenario = {
  name: "dns-failed",
  description:
    "A connected domain whose DNS never propagates: the domain ends in expired_propagation and its mailbox waits",
  deliveries(ctx) {
    const c = cast(ctx, "tailspin-mail", "GOOGLE", { mailboxes: 1, connected: true });
    connectDomain(c);
    c.script
      .mailbox(c.admin, "waiting_for_dns_propagation")
      .wait(6)
      .domain(c.domain, "expired_propagation", { dns_propagation_status: "failed" });
    return c.script.steps();
  },
};

const duplicates: Scenario = {
  name: "duplicates",
  description: "Retries: the same deliveries arrive two or three times; each is stored once and counted",
  deliveries(ctx) {
    const c = cast(ctx, "adatum-outbound", "GOOGLE", { mailboxes: 1 });
    c.script
      .domain(c.domain, "active", { dns_propagation_status: "propagated" }, "waiting_for_dns_propagation") // 0
      .mailbox(c.admin, "pending") // 1
      .mailbox(c.admin, "configuring_dns") // 2
      .consent(c.consent, "pending") // 3
      .consent(c.consent, "completed", { status_text: "Consent granted" }) // 4
      .mailbox(c.admin, "active"); // 5
    return c.script.steps([0, 0, 1, 1, 1, 2, 3, 3, 4, 4, 5, 5, 5]);
  },
};

const outOfOrder: Scenario = {
  name: "out-of-order",
  description:
    "Deliveries arrive shuffled: newer states first, then late older ones, which are stored as stale and never win",
  deliveries(ctx) {
    const c = cast(ctx, "litware-send", "GOOGLE", { mailboxes: 1 });
    c.script
      .domain(c.domain, "waiting_for_dns_propagation", undefined, "dns_setup_pending") // 0
      .domain(c.domain, "active") // 1
      .mailbox(c.admin, "pending") // 2
      .mailbox(c.admin, "configuring_dns") // 3
      .mailbox(c.admin, "configuring_auth") // 4
      .consent(c.consent, "pending") // 5
      .clientId(c.clientId, "pending") // 6
      .consent(c.consent, "completed", { status_text: "Consent granted" }) // 7
      .clientId(c.clientId, "completed", { status_text: "Client ID authorized" }) // 8
      .mailbox(c.admin, "active"); // 9
    return c.script.steps([1, 0, 2, 4, 7, 3, 5, 9, 8, 6]);
  },
};

export const INBOXKIT_SCENARIOS: Scenario[] = [
  googleOnboarding,
  microsoftOnboarding,
  consentFailed,
  dnsFailed,
  duplicates,
  outOfOrder,
];
