// Operator passwords: argon2id through @node-rs/argon2 (prebuilt, no compiler), at its defaults
// (19 MiB, 2 passes, 1 lane: the OWASP minimum; about 15 ms a check on this project's machines).
// Only the PHC string ($argon2id$v=19$m=…) is stored. An unknown account is checked against a
// fixed hash, so a wrong email takes as long as a wrong password.
import { hash, verify } from "@node-rs/argon2";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let decoy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, the same work is done and the answer is no. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hash("no account has this password");
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
