// Plain-language status for the customer page: the vendor's status names are for operators; a
// customer reads "Waiting for DNS to propagate", with a tone that the badge renders (text and
// colour). The words live in the one status table (lib/statuses.ts); unknown statuses (the vendor's
// enums grow) read as the words of the status itself.
import { statusRow, type EntityType, type PlainStatus, type Tone } from "./statuses";

export type { PlainStatus, Tone };

function fallback(status: string): PlainStatus {
  const words = status.replace(/[_-]+/g, " ").trim().toLowerCase();
  return { label: words ? words[0].toUpperCase() + words.slice(1) : "Unknown", tone: "working", detail: null };
}

const plainStatus = (type: EntityType, status: string): PlainStatus =>
  statusRow(type, status)?.customer ?? fallback(status);

export const domainStatus = (status: string): PlainStatus => plainStatus("domain", status);
export const mailboxStatus = (status: string): PlainStatus => plainStatus("mailbox", status);

const PLATFORM: Record<string, string> = {
  GOOGLE: "Google Workspace",
  MICROSOFT: "Microsoft 365",
  AZURE: "Microsoft Azure",
  SMTP: "SMTP",
};
export const platformName = (platform: string | null): string | null =>
  platform ? (PLATFORM[platform.toUpperCase()] ?? platform) : null;
export const PLATFORM_CODES = Object.keys(PLATFORM);
