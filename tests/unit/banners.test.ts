import { describe, expect, it } from "vitest";
import {
  announceChange,
  bannersFor,
  bannerTitle,
  clientIdSteps,
  safeConsentUrl,
  type Banner,
  type ClientIdRequestRow,
  type ConsentRequestRow,
} from "@/lib/banners";

const T = (minutes: number) => new Date(Date.UTC(2024, 0, 10, 17, minutes));

const consent = (over: Partial<ConsentRequestRow> = {}): ConsentRequestRow => ({
  uid: "CNS-1",
  status: "pending",
  consentUrl: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x",
  statusText: "",
  statusReason: "",
  retryCount: 0,
  maxRetries: 3,
  mailboxId: "MBX-1",
  mailboxEmail: "jane@acme.com",
  platform: "GOOGLE",
  lastOccurredAt: T(0),
  ...over,
});
const clientId = (over: Partial<ClientIdRequestRow> = {}): ClientIdRequestRow => ({
  uid: "CID-1",
  status: "pending",
  domainName: "acme.com",
  clientId: "1234567890-abcdefgh.apps.googleusercontent.com",
  statusText: "",
  statusReason: "",
  retryCount: 0,
  maxRetries: 3,
  mailboxId: null,
  lastOccurredAt: T(1),
  ...over,
});
const only = (banners: Banner[]) => {
  expect(banners).toHaveLength(1);
  return banners[0];
};

describe("consent banners", () => {
  it("asks to grant access with the https consent URL and the mailbox it is for", () => {
    const b = only(bannersFor([consent()], []));
    expect(b).toMatchObject({
      state: "grant_access",
      provider: "Google",
      consentUrl: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x",
      urlProblem: null,
      mailbox: "jane@acme.com",
      key: "consent_request:CNS-1",
    });
    expect(bannerTitle(b)).toBe("Grant Google access for jane@acme.com");
  });

  it.each([
    ["http://accounts.google.com/consent", "not a secure (https) link"],
    ["javascript:alert(1)", "not a secure (https) link"],
    ["data:text/html,<script>1</script>", "not a secure (https) link"],
    ["not a url", "not a secure (https) link"],
    ["", "has not arrived yet"],
    [null, "has not arrived yet"],
  ])("never links a non-https consent URL (%s) and says what is wrong", (url, problem) => {
    const b = only(bannersFor([consent({ consentUrl: url })], []));
    expect(b).toMatchObject({ state: "grant_access", consentUrl: null });
    expect(b.state === "grant_access" && b.urlProblem).toContain(problem);
  });

  it("names Microsoft for a Microsoft mailbox", () => {
    const b = only(
      bannersFor(
        [
          consent({
            platform: "MICROSOFT",
            consentUrl: "https://login.microsoftonline.com/organizations/v2.0/adminconsent?x=1",
          }),
        ],
        [],
      ),
    );
    expect(b).toMatchObject({ state: "grant_access", provider: "Microsoft" });
  });

  it.each(["queued", "processing"])("shows progress while %s", (status) => {
    expect(only(bannersFor([consent({ status })], []))).toMatchObject({ state: "in_progress" });
  });

  it.each(["completed", "cancelled", "some_future_status"])("shows nothing once %s", (status) => {
    expect(bannersFor([consent({ status })], [])).toEqual([]);
  });

  it("shows the vendor's status_text and a next step when failed", () => {
    const b = only(
      bannersFor(
        [consent({ status: "failed", statusText: "Access was denied", statusReason: "user_denied", retryCount: 3 })],
        [],
      ),
    );
    expect(b).toMatchObject({ state: "failed", statusText: "Access was denied", attempts: "after 3 of 3 retries" });
    expect(b.state === "failed" && b.nextStep).toMatch(/new link and choose Allow/);
    expect(bannerTitle(b)).toBe("Setting up access for jane@acme.com did not go through");
  });

  it("falls back to a generic text when an errored request has no status_text", () => {
    const b = only(bannersFor([consent({ status: "errored", statusText: "" })], []));
    expect(b).toMatchObject({ state: "failed", statusText: "Something went wrong on the provider's side." });
    expect(bannerTitle(b)).toBe("Setting up access for jane@acme.com ran into an error");
  });

  it("lets only the newest request per mailbox count", () => {
    const old = consent({ uid: "CNS-old", status: "failed", statusText: "denied", lastOccurredAt: T(0) });
    const fresh = consent({ uid: "CNS-new", status: "pending", lastOccurredAt: T(5) });
    expect(only(bannersFor([old, fresh], [])).key).toBe("consent_request:CNS-new");
    expect(bannersFor([old, consent({ uid: "CNS-new", status: "completed", lastOccurredAt: T(5) })], [])).toEqual([]);
    // Different mailboxes keep their own banners.
    expect(bannersFor([old, consent({ uid: "CNS-other", mailboxId: "MBX-2", lastOccurredAt: T(5) })], [])).toHaveLength(
      2,
    );
  });
});

describe("client-ID banners", () => {
  it("shows the client id and the Admin Console steps for the domain", () => {
    const b = only(bannersFor([], [clientId()]));
    expect(b).toMatchObject({
      state: "add_client_id",
      clientId: "1234567890-abcdefgh.apps.googleusercontent.com",
      domainName: "acme.com",
    });
    expect(b.state === "add_client_id" && b.steps.join(" ")).toContain(
      "Security → API controls → Domain-wide delegation",
    );
    expect(b.state === "add_client_id" && b.steps[0]).toContain("acme.com");
  });

  it("shows progress while pending without a client id yet", () => {
    expect(only(bannersFor([], [clientId({ clientId: "  " })]))).toMatchObject({ state: "in_progress" });
  });

  it("disappears on completed, explains failed", () => {
    expect(bannersFor([], [clientId({ status: "completed" })])).toEqual([]);
    expect(
      only(bannersFor([], [clientId({ status: "failed", statusText: "Client ID not found in delegation list" })])),
    ).toMatchObject({
      state: "failed",
      statusText: "Client ID not found in delegation list",
    });
  });

  it("treats domain names case-insensitively when picking the newest request", () => {
    const banners = bannersFor(
      [],
      [
        clientId({ uid: "A", domainName: "Acme.com", lastOccurredAt: T(0) }),
        clientId({ uid: "B", domainName: "acme.com", lastOccurredAt: T(3), status: "completed" }),
      ],
    );
    expect(banners).toEqual([]);
  });
});

describe("ordering and announcements", () => {
  it("puts consent banners before client-ID banners, oldest first", () => {
    const banners = bannersFor(
      [
        consent({ uid: "C2", mailboxId: "M2", lastOccurredAt: T(9) }),
        consent({ uid: "C1", mailboxId: "M1", lastOccurredAt: T(2) }),
      ],
      [clientId({ lastOccurredAt: T(0) })],
    );
    expect(banners.map((b) => b.key)).toEqual(["consent_request:C1", "consent_request:C2", "client_id_request:CID-1"]);
  });

  it("announces banners that appear, change and disappear", () => {
    const pending = bannersFor([consent()], []);
    const both = bannersFor([consent()], [clientId()]);
    expect(announceChange([], pending)).toBe("New: Grant Google access for jane@acme.com.");
    expect(announceChange(pending, both)).toBe("New: Add a client ID in Google Admin Console for acme.com.");
    expect(announceChange(both, bannersFor([consent({ status: "completed" })], [clientId()]))).toBe(
      "Access for jane@acme.com is done.",
    );
    expect(announceChange(pending, bannersFor([consent({ status: "processing" })], []))).toBe(
      "Updated: Checking that access was granted….",
    );
    expect(announceChange(pending, pending)).toBeNull();
  });

  it("builds steps that name the domain or fall back to 'your domain'", () => {
    expect(clientIdSteps(null)[0]).toContain("your domain");
    expect(safeConsentUrl(" https://x.example/a ")).toEqual({ url: "https://x.example/a", problem: null });
  });
});
