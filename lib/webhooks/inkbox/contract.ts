// Inkbox's webhook, wired: its verifier and parser (pure) with configuration and ingestion.
import { config } from "../../config";
import { ingestInkbox } from "./ingest";
import { MAIL_ENTITY_TYPE, parseInkbox, withoutContent, type InkboxDelivery } from "./parse";
import { INKBOX_HEADERS, inkboxSignedHeaders, verifyInkbox } from "./verify";
import type { WebhookContract } from "../receive";

/** Messages can be large (attachments are not sent, but bodies are). */
export const INKBOX_MAX_BYTES = 2 * 1024 * 1024;

export const inkboxContract: WebhookContract<InkboxDelivery> = {
  vendor: "inkbox",
  maxBytes: INKBOX_MAX_BYTES,
  signatureHeader: INKBOX_HEADERS.signature,
  storedHeaders: [
    "content-type",
    "content-length",
    "user-agent",
    INKBOX_HEADERS.requestId,
    INKBOX_HEADERS.timestamp,
    "x-forwarded-for",
  ],
  verify(headers, body, receivedAt) {
    return verifyInkbox(inkboxSignedHeaders(headers), body, config().INKBOX_SIGNING_KEYS, receivedAt);
  },
  parse(json, headers, rawBody, receivedAt) {
    return parseInkbox(json, { timestampHeader: headers.get(INKBOX_HEADERS.timestamp), receivedAt, rawBody });
  },
  ingest: ingestInkbox,
  notice(d) {
    return {
      kind: "event",
      vendor: "inkbox",
      entityType: d.mailboxEmail ? MAIL_ENTITY_TYPE : null,
      entityUid: d.mailboxEmail,
      workspaceId: null,
    };
  },
  storablePayload: withoutContent,
};
