// A small recorder for InboxKit scenarios: write the story in the order things happen; it tracks
// each entity's previous status, spaces the vendor's times evenly so the last event is "now", and
// signs every payload as the vendor would. Sending order can then differ from the story's order
// (retries, reordering) without changing any payload.
import {
  clientIdPayload,
  consentPayload,
  domainPayload,
  mailboxPayload,
  type InboxKitPayload,
  type SimClientId,
  type SimConsent,
  type SimDomain,
  type SimMailbox,
  type Team,
} from "./inboxkit-payloads";
import { signInboxKit } from "./inboxkit-sign";
import type { ScenarioContext, SimStep } from "./types";

type Extra = Record<string, unknown>;
type Entry = { render: (at: Date) => InboxKitPayload; label: string; slot: number; pause?: number };

/**
 * Vendor time between two consecutive events of a story: the player's pause, at least a second (so
 * times stay distinct and ordered). The story ends at "now", so a scenario's times lie seconds
 * before it is played, as they would be live (not 40 s a step, which made a domain created 20 s ago
 * read "updated 13 minutes ago").
 */
const stepMs = (delay: number): number => Math.max(delay, 1000);

export class Script {
  private readonly entries: Entry[] = [];
  private readonly previous = new Map<string, string>();
  private pauseNext: number | undefined;
  readonly team: Team;

  constructor(private readonly ctx: ScenarioContext) {
    this.team = { teamId: "TEAM-7F3A-92C1", teamName: "Northwind Outreach", workspaceId: ctx.workspaceId };
  }

  /** A unique id for this run, in the vendor's style: PREFIX-RUNID-NN. */
  uid(prefix: string, n: number): string {
    return `${prefix}-${this.ctx.runId.toUpperCase()}-${String(n).padStart(2, "0")}`;
  }

  /** Hold the next delivery back: `factor` times the player's pause. */
  wait(factor: number): this {
    this.pauseNext = this.ctx.delay * factor;
    return this;
  }

  private record(
    uid: string,
    status: string,
    label: string,
    render: (t: { status: string; previous: string | null; at: Date }) => InboxKitPayload,
  ): this {
    const previous = this.previous.get(uid) ?? null;
    this.previous.set(uid, status);
    this.entries.push({
      render: (at) => render({ status, previous, at }),
      label: `${label} → ${status}`,
      slot: this.entries.length,
      pause: this.pauseNext,
    });
    this.pauseNext = undefined;
    return this;
  }

  domain(domain: SimDomain, status: string, extra?: Extra, previous?: string): this {
    if (previous) this.previous.set(domain.uid, previous);
    return this.record(domain.uid, status, `domain ${domain.name}`, (t) =>
      domainPayload(this.team, domain, { ...t, extra }),
    );
  }

  mailbox(mailbox: SimMailbox, status: string, extra?: Extra): this {
    return this.record(mailbox.uid, status, `mailbox ${mailbox.username}@${mailbox.domain.name}`, (t) =>
      mailboxPayload(this.team, mailbox, { ...t, extra }),
    );
  }

  mailboxes(mailboxes: SimMailbox[], status: string): this {
    for (const mailbox of mailboxes) this.mailbox(mailbox, status);
    return this;
  }

  consent(consent: SimConsent, status: string, extra?: Extra): this {
    return this.record(
      consent.uid,
      status,
      `consent request for ${consent.mailbox.username}@${consent.mailbox.domain.name}`,
      (t) => consentPayload(this.team, consent, { ...t, extra }),
    );
  }

  clientId(request: SimClientId, status: string, extra?: Extra): this {
    return this.record(request.uid, status, `client ID request for ${request.domain.name}`, (t) =>
      clientIdPayload(this.team, request, { ...t, extra }),
    );
  }

  /**
   * The signed deliveries. `order` lists story positions in sending order (default: the story's
   * order); a position may repeat (a retry: the same body again).
   */
  steps(order?: number[]): SimStep[] {
    const step = stepMs(this.ctx.delay);
    const start = this.ctx.now.getTime() - (this.entries.length - 1) * step;
    const sent = new Map<number, number>();
    return (order ?? this.entries.map((_, i) => i)).map((slot) => {
      const entry = this.entries[slot];
      const at = new Date(start + entry.slot * step);
      const attempt = (sent.get(slot) ?? 0) + 1;
      sent.set(slot, attempt);
      const delivery = signInboxKit(entry.render(at), {
        secret: this.ctx.secret("inboxkit"),
        scheme: this.ctx.scheme,
        sentAt: new Date(at.getTime() + 1500 * attempt),
        label: attempt > 1 ? `${entry.label} (retry ${attempt - 1})` : entry.label,
      });
      return { delivery, delay: attempt > 1 ? this.ctx.delay : entry.pause };
    });
  }

  get length(): number {
    return this.entries.length;
  }
}
