// InboxKit's webhook, wired: its verifier and parser (pure) with configuration and ingestion.
import { config } from "../../config";
import { ingestInboxKit } from "./ingest";
import { parseInboxKit, type InboxKitDelivery } from "./parse";
import { verifyInboxKit } from "./verify";
import type { WebhookContract } from "../receive";

export const INBOXKIT_MAX_BYTES = 256 * 1024;

export const inboxKitContract: WebhookContract<InboxKitDelivery> = {
  vendor: "inboxkit",
  maxBytes: INBOXKIT_MAX_BYTES,
  signatureHeader: "x-inboxkit-signature",
  storedHeaders: [
    "content-type",
    "content-length",
    "user-agent",
    "x-inboxkit-event",
    "x-inboxkit-timestamp",
    "x-forwarded-for",
  ],
  verify(headers, body) {
    const { INBOXKIT_WEBHOOK_SECRETS, INBOXKIT_SIGNATURE_SCHEME } = config();
    return verifyInboxKit(
      headers.get("x-inboxkit-signature"),
      body,
      INBOXKIT_WEBHOOK_SECRETS,
      INBOXKIT_SIGNATURE_SCHEME,
    );
  },
  parse(json, headers, rawBody, receivedAt) {
    return parseInboxKit(json, {
      timestampHeader: headers.get("x-inboxkit-timestamp"),
      receivedAt,
      fingerprintKey: config().CREDENTIAL_FINGERPRINT_KEY,
      rawBody,
    });
  },
  allowedSources: () => config().INBOXKIT_ALLOWED_SOURCES,
  ingest: ingestInboxKit,
  notice(d) {
    return {
      kind: "event",
      vendor: "inboxkit",
      entityType: d.entity?.type ?? null,
      entityUid: d.entity?.fields.uid ?? null,
      workspaceId: d.workspaceId,
    };
  },
};
