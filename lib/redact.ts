// Credentials never leave the request: they are removed from every payload before it is stored,
// logged or shown, and only a keyed fingerprint remains so "credentials changed" can be shown.
//
// A key is a credential when its normalised form (NFKC, invisible and format characters dropped,
// lower case, `_ - . space` and other separators dropped, so camelCase, snake_case and
// "API Key" all meet) contains one of SENSITIVE_WORDS, at any depth. An object that describes a
// change of such a field ({"field": "password", "old_value": …, "new_value": …}) keeps the field's
// name and loses every other value.
import { hmacSha256 } from "./crypto";

/** The mailbox credential fields InboxKit sends (decrypted); their keyed fingerprint is kept. */
export const CREDENTIAL_FIELDS = ["password", "app_password", "secret", "refresh_token"] as const;

export const SENSITIVE_WORDS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "credential",
  "recovery",
  "privatekey",
] as const;

/** Keys naming the field an object describes a change of. */
const FIELD_NAME_KEYS = new Set(["field", "fieldname", "name", "key", "attribute", "property"]);
export const REDACTED = "[redacted]";

/** Printable ASCII: NFKC leaves it as it is and it holds no invisible, format or control character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Short keys already normalised (every delivery repeats the same few dozen); cleared when full. */
const normalised = new Map<string, string>();
const MEMO_ENTRIES = 2048;
const MEMO_KEY_LENGTH = 64;

/** A key as compared: NFKC, no invisible/format/control characters, lower case, no separators. */
export function normaliseKey(key: string): string {
  const known = normalised.get(key);
  if (known !== undefined) return known;
  const visible = PRINTABLE_ASCII.test(key)
    ? key
    : key.normalize("NFKC").replace(/[\p{Cf}\p{Cc}\p{Z}\u180e\u034f\u115f\u1160\u3164\uffa0]/gu, "");
  const normal = visible.toLowerCase().replace(/[\s_\-.:/\\]+/g, "");
  if (key.length <= MEMO_KEY_LENGTH) {
    if (normalised.size >= MEMO_ENTRIES) normalised.clear();
    normalised.set(key, normal);
  }
  return normal;
}

export function isSensitiveKey(key: string): boolean {
  const normal = normaliseKey(key);
  return SENSITIVE_WORDS.some((word) => normal.includes(word));
}

/** When `value` describes a change of a credential field, the key that names it. */
function credentialChangeKey(value: Record<string, unknown>): string | null {
  for (const [key, name] of Object.entries(value)) {
    if (typeof name === "string" && FIELD_NAME_KEYS.has(normaliseKey(key)) && isSensitiveKey(name)) return key;
  }
  return null;
}

/**
 * A deep copy of `value` without any credential, at any depth. Iterative (an explicit stack), so no
 * nesting depth can overflow the call stack.
 */
export function redact(value: unknown): unknown {
  return transform(value, (key) => !isSensitiveKey(key));
}

/**
 * A deep copy keeping only the keys `keep` accepts, with credentials redacted (see redact): shared
 * by redact and by callers that drop more (Inkbox message content).
 */
export function transform(value: unknown, keep: (key: string) => boolean): unknown {
  const root: Record<string, unknown> = {};
  const stack: [unknown, Record<string | number, unknown>, string | number][] = [[value, root, "v"]];
  while (stack.length) {
    const [input, parent, slot] = stack.pop()!;
    let output: unknown = input;
    if (Array.isArray(input)) {
      const copy: unknown[] = new Array(input.length);
      input.forEach((item, i) => stack.push([item, copy as unknown as Record<number, unknown>, i]));
      output = copy;
    } else if (input !== null && typeof input === "object") {
      const copy: Record<string, unknown> = {};
      const named = credentialChangeKey(input as Record<string, unknown>);
      for (const [key, inner] of Object.entries(input)) {
        if (!keep(key) || isSensitiveKey(key)) continue;
        copy[key] = named !== null && key !== named ? REDACTED : undefined; // keeps the key order
        if (copy[key] === undefined) stack.push([inner, copy, key]);
      }
      output = copy;
    }
    parent[slot] = output;
  }
  return root.v;
}

/**
 * HMAC of the mailbox credential fields of one object, or null when it carries none. Equal
 * credentials give equal fingerprints (so a change is visible), but the fingerprint reveals nothing
 * without the key.
 */
export function credentialsFingerprint(entity: Record<string, unknown>, key: string): string | null {
  const present = CREDENTIAL_FIELDS.filter((field) => typeof entity[field] === "string");
  if (present.length === 0) return null;
  const material = JSON.stringify(present.map((field) => [field, entity[field]]));
  return hmacSha256(key, material).toString("hex").slice(0, 32);
}
