// Credentials never leave the request: they are removed from every payload before it is stored,
// logged or shown, and only a keyed fingerprint remains so "credentials changed" can be shown.
import { hmacSha256 } from "./webhooks/signature";

export const CREDENTIAL_FIELDS = ["password", "app_password", "secret", "refresh_token"] as const;
const CREDENTIALS = new Set<string>(CREDENTIAL_FIELDS);

/** A deep copy of `value` without any credential field, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !CREDENTIALS.has(key.toLowerCase()))
        .map(([key, v]) => [key, redact(v)]),
    );
  }
  return value;
}

/**
 * HMAC of the credential fields of one object, or null when it carries none. Equal credentials give
 * equal fingerprints (so a change is visible), but the fingerprint reveals nothing without the key.
 */
export function credentialsFingerprint(entity: Record<string, unknown>, key: string): string | null {
  const present = CREDENTIAL_FIELDS.filter((field) => typeof entity[field] === "string");
  if (present.length === 0) return null;
  const material = JSON.stringify(present.map((field) => [field, entity[field]]));
  return hmacSha256(key, material).toString("hex").slice(0, 32);
}
