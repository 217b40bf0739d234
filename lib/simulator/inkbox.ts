// Inkbox as the simulator plays it: message events in the vendor's envelope
// ({ id, event_type, timestamp, data: { message, contacts, agent_identities } }, shared/vendor/NOTES.md),
// signed as Inkbox signs them (X-Inkbox-Request-ID, X-Inkbox-Timestamp in Unix seconds,
// X-Inkbox-Signature = sha256=HMAC(key, "{request_id}.{timestamp}.{raw body}")). Payloads carry the
// message body and snippet as the vendor's do; the server must drop them.
//
// Each scenario first makes its mailbox active through InboxKit (so it shows on the mailbox list and
// page), then plays that mailbox's mail. Vendor times spread over the past week, so the 24 h / 7 d
// counts and the health verdict have something to say; signatures are dated when each request is
// due to leave, so they stay inside Inkbox's 300 s window however long the player pauses.
import { randomBytes } from "node:crypto";
import { sha256 } from "../crypto";
import { inkboxSignature } from "../webhooks/inkbox/verify";
import type { SimMailbox } from "./inboxkit-payloads";
import { Script } from "./script";
import type { Scenario, ScenarioContext, SimDelivery, SimStep } from "./types";

export const INKBOX_PATH = "/api/webhooks/inkbox";

export type InkboxSignOptions = { secret: string; requestId?: string; sentAt?: Date; label?: string };

/** A random request id in Inkbox's style; every delivery (retries and replays too) gets a new one. */
export const inkboxRequestId = () => `req_${randomBytes(12).toString("hex")}`;

export function signInkbox(payload: { event_type?: string } | string, options: InkboxSignOptions): SimDelivery {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const requestId = options.requestId ?? inkboxRequestId();
  const timestamp = String(Math.floor((options.sentAt ?? new Date()).getTime() / 1000));
  const signature = inkboxSignature(options.secret, requestId, timestamp, Buffer.from(body)).toString("hex");
  const event = typeof payload === "string" ? "" : String(payload.event_type ?? "");
  return {
    vendor: "inkbox",
    path: INKBOX_PATH,
    headers: {
      "Content-Type": "application/json",
      "X-Inkbox-Request-ID": requestId,
      "X-Inkbox-Timestamp": timestamp,
      "X-Inkbox-Signature": `sha256=${signature}`,
    },
    body,
    label: options.label ?? event,
  };
}

export type SimMessage = {
  id: string;
  /** The Inkbox mailbox that owns the message. */
  mailboxEmail: string;
  direction: "inbound" | "outbound";
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  threadId?: string;
  createdAt: Date;
  hasAttachments?: boolean;
};

export type InkboxEventOptions = {
  /** The envelope id; null leaves it out (older payloads), as does `legacy`. */
  id?: string | null;
  at: Date;
  /** An older payload: no envelope id and no `message.email_address`. */
  legacy?: boolean;
  extra?: Record<string, unknown>;
};

const STATUS: Record<string, string> = {
  "message.received": "received",
  "message.sent": "sent",
  "message.delivered": "delivered",
  "message.bounced": "bounced",
  "message.failed": "failed",
  "message.forwarded": "sent",
};

const hex = (...parts: (string | number)[]) => sha256(parts.join(":")).toString("hex");

/** One message event in Inkbox's envelope, with the body and snippet the vendor sends. */
export function inkboxMessageEvent(eventType: string, m: SimMessage, options: InkboxEventOptions) {
  const domain = m.mailboxEmail.split("@").pop();
  const text = `Hi,\n\nFollowing up on "${m.subject}". Let me know what suits you.\n\nBest,\n${m.from.split("@")[0]}`;
  const message: Record<string, unknown> = {
    id: m.id,
    mailbox_id: `mbx_${hex(m.mailboxEmail).slice(0, 16)}`,
    thread_id: m.threadId ?? `thr_${hex(m.id).slice(0, 16)}`,
    message_id: `<${hex(m.id, "rfc").slice(0, 20)}@${domain}>`,
    from_address: m.from,
    to_addresses: m.to,
    cc_addresses: m.cc ?? [],
    bcc_addresses: [],
    subject: m.subject,
    snippet: text.slice(0, 80),
    ...(options.legacy ? {} : { email_address: m.mailboxEmail }),
    ...(eventType === "message.received" ? { body: text } : {}),
    direction: m.direction,
    status: STATUS[eventType] ?? "queued",
    has_attachments: m.hasAttachments ?? false,
    created_at: m.createdAt.toISOString(),
    ...options.extra,
  };
  const id = options.legacy ? null : options.id === undefined ? `evt_${hex(m.id, eventType).slice(0, 24)}` : options.id;
  const counterpart = m.direction === "outbound" ? m.to[0] : m.from;
  return {
    ...(id === null ? {} : { id }),
    event_type: eventType,
    timestamp: options.at.toISOString(),
    data: {
      message,
      contacts: counterpart
        ? [
            {
              id: `ct_${hex(counterpart).slice(0, 12)}`,
              email: counterpart,
              name: counterpart.split("@")[0].replace(/[._]/g, " "),
            },
          ]
        : [],
      agent_identities: [
        {
          id: `agt_${hex(m.mailboxEmail).slice(0, 12)}`,
          handle: m.mailboxEmail.split("@")[0],
          email_address: m.mailboxEmail,
        },
      ],
    },
  };
}

export type InkboxPayload = ReturnType<typeof inkboxMessageEvent>;

const PROSPECTS = [
  "maria.lopez@acme-logistics.com",
  "tom.becker@brightline.io",
  "sara.kim@harborfoods.com",
  "li.wei@novadent.co",
  "omar.haddad@peakroofing.net",
  "emma.jones@tidewater.org",
];
const SUBJECTS = [
  "Quick question about your Q4 shipping volume",
  "Following up on our call",
  "Intro: route optimisation for Brightline",
  "Re: pricing for 40 seats",
  "Can we find 15 minutes next week?",
  "Your free audit is ready",
];
const HOUR = 3_600_000;

type Entry = { payload: InkboxPayload; label: string; sends: number };

/** A mailbox's mail, written in story order; `steps()` prepends the InboxKit set-up and signs everything. */
class MailStory {
  private readonly script: Script;
  private readonly mailbox: SimMailbox;
  private readonly entries: Entry[] = [];
  private count = 0;
  readonly email: string;

  constructor(
    private readonly ctx: ScenarioContext,
    domainName: string,
    person: { username: string; firstName: string; lastName: string },
  ) {
    this.script = new Script(ctx);
    const domain = {
      uid: this.script.uid("DOM", 1),
      name: `${domainName}-${ctx.runId}.com`,
      connectionType: "connected" as const,
    };
    this.mailbox = { uid: this.script.uid("MBX", 1), ...person, domain, platform: "GOOGLE", isAdmin: true };
    this.email = `${person.username}@${domain.name}`;
    this.script
      .domain(domain, "active", { dns_propagation_status: "propagated" }, "waiting_for_dns_propagation")
      .mailbox(this.mailbox, "active");
  }

  private message(direction: SimMessage["direction"], hoursAgo: number): SimMessage {
    const n = this.count++;
    const prospect = PROSPECTS[n % PROSPECTS.length];
    return {
      id: `msg_${this.ctx.runId}_${String(n).padStart(3, "0")}`,
      mailboxEmail: this.email,
      direction,
      from: direction === "outbound" ? this.email : prospect,
      to: direction === "outbound" ? [prospect] : [this.email],
      subject: direction === "inbound" ? `Re: ${SUBJECTS[n % SUBJECTS.length]}` : SUBJECTS[n % SUBJECTS.length],
      createdAt: new Date(this.ctx.now.getTime() - hoursAgo * HOUR),
      hasAttachments: n % 5 === 0,
    };
  }

  private add(eventType: string, m: SimMessage, minutesLater: number, options: Partial<InkboxEventOptions> = {}): void {
    const at = new Date(Math.min(m.createdAt.getTime() + minutesLater * 60_000, this.ctx.now.getTime()));
    const payload = inkboxMessageEvent(eventType, m, { at, ...options });
    const who = m.direction === "outbound" ? `to ${m.to[0]}` : `from ${m.from}`;
    this.entries.push({ payload, label: `mail ${this.email}: ${eventType.replace("message.", "")} ${who}`, sends: 1 });
  }

  /** An outbound message and what became of it: delivered, bounced or failed. */
  outbound(
    hoursAgo: number,
    outcome: "delivered" | "bounced" | "failed" | "sent",
    options: Partial<InkboxEventOptions> = {},
  ): this {
    const m = this.message("outbound", hoursAgo);
    if (outcome !== "failed") this.add("message.sent", m, 0, options);
    if (outcome !== "sent") this.add(`message.${outcome}`, m, outcome === "failed" ? 30 : 1, options);
    return this;
  }

  inbound(hoursAgo: number, options: Partial<InkboxEventOptions> = {}): this {
    this.add("message.received", this.message("inbound", hoursAgo), 0, options);
    return this;
  }

  forwarded(hoursAgo: number): this {
    this.add("message.forwarded", this.message("outbound", hoursAgo), 0);
    return this;
  }

  /** The last `n` entries are delivered again (a retry or a replay: new request id and timestamp, same envelope). */
  again(n: number, times = 1): this {
    for (const entry of this.entries.slice(-n)) entry.sends += times;
    return this;
  }

  steps(): SimStep[] {
    const setup = this.script.steps();
    const mail = [...this.entries].sort((a, b) => a.payload.timestamp.localeCompare(b.payload.timestamp));
    const queue = mail.flatMap((entry) => Array.from({ length: entry.sends }, (_, attempt) => ({ entry, attempt })));
    let due =
      this.ctx.now.getTime() + setup.reduce((sum, step, i) => sum + (i > 0 ? (step.delay ?? this.ctx.delay) : 0), 0);
    const steps = queue.map(({ entry, attempt }): SimStep => {
      // A retry or replay leaves at least a second later, so its X-Inkbox-Timestamp differs too.
      const delay = attempt > 0 ? Math.max(this.ctx.delay, 1100) : this.ctx.delay;
      due += delay;
      return {
        delay,
        delivery: signInkbox(entry.payload, {
          secret: this.ctx.secret("inkbox"),
          sentAt: new Date(due),
          label:
            attempt > 0
              ? `${entry.label} (${attempt === 1 ? "retry" : `replay ${attempt - 1}`}, same event id)`
              : entry.label,
        }),
      };
    });
    return [...setup, ...steps];
  }
}

const JANE = { username: "jane.doe", firstName: "Jane", lastName: "Doe" };
const MARCO = { username: "marco.rossi", firstName: "Marco", lastName: "Rossi" };
const PRIYA = { username: "priya.patel", firstName: "Priya", lastName: "Patel" };

export const inkboxMailFlowing: Scenario = {
  name: "inkbox-mail-flowing",
  description:
    "Inkbox: an active mailbox sends and receives for a week; everything is delivered (health: mail flowing)",
  deliveries(ctx) {
    const story = new MailStory(ctx, "northwind-mail", JANE);
    for (const hoursAgo of [150, 126, 100, 75, 52, 30, 20, 9, 3, 1]) story.outbound(hoursAgo, "delivered");
    for (const hoursAgo of [98, 50, 8, 2]) story.inbound(hoursAgo);
    story.forwarded(4);
    return story.steps();
  },
};

export const inkboxBounces: Scenario = {
  name: "inkbox-bounces",
  description: "Inkbox: a clean week, then a fifth of today's messages bounce (health: bounces rising)",
  deliveries(ctx) {
    const story = new MailStory(ctx, "contoso-reach", MARCO);
    for (const hoursAgo of [140, 110, 90, 70, 48, 36]) story.outbound(hoursAgo, "delivered");
    story.inbound(60);
    for (const [i, hoursAgo] of [20, 16, 12, 9, 7, 5, 4, 3, 2, 1].entries())
      story.outbound(hoursAgo, i % 5 === 2 ? "bounced" : "delivered");
    return story.steps();
  },
};

export const inkboxFailing: Scenario = {
  name: "inkbox-failing",
  description:
    "Inkbox: outbound mail stops getting through today: messages fail after retries and bounce (health: failing)",
  deliveries(ctx) {
    const story = new MailStory(ctx, "fabrikam-sales", PRIYA);
    for (const hoursAgo of [120, 96, 72]) story.outbound(hoursAgo, "delivered");
    story
      .outbound(10, "bounced")
      .outbound(6, "failed")
      .outbound(4, "bounced")
      .outbound(2, "failed")
      .outbound(1, "sent");
    return story.steps();
  },
};

export const inkboxDuplicates: Scenario = {
  name: "inkbox-duplicates",
  description:
    "Inkbox: retries and replays (new request id and timestamp, same event id) and an older payload without an id, each stored once",
  deliveries(ctx) {
    const story = new MailStory(ctx, "adatum-outbound", JANE);
    story.outbound(5, "delivered").again(2, 2);
    story.inbound(3).again(1);
    story.outbound(2, "bounced", { legacy: true }).again(2);
    return story.steps();
  },
};

export const INKBOX_SCENARIOS: Scenario[] = [inkboxMailFlowing, inkboxBounces, inkboxFailing, inkboxDuplicates];
