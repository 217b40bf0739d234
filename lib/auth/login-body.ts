// The sign-in body: JSON from the login form's script, or a classic urlencoded form post (the form
// works without JavaScript too). Nobody signs in with more than a few hundred bytes, so reading stops
// at 8 KiB: an unauthenticated caller cannot make the server buffer a large body.
import { readCapped } from "../webhooks/receive";

export const LOGIN_BODY_CAP = 8 * 1024;

export type LoginBody = { tooLarge: true } | { tooLarge: false; form: boolean; body: unknown };

export async function readLoginBody(request: Request): Promise<LoginBody> {
  const read = await readCapped(request, LOGIN_BODY_CAP);
  if (!read.ok) return { tooLarge: true };
  const text = read.bytes.toString("utf8");
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") {
    try {
      return { tooLarge: false, form: false, body: JSON.parse(text) };
    } catch {
      return { tooLarge: false, form: false, body: null };
    }
  }
  const fields = [...new URLSearchParams(text).entries()].filter(([, value]) => value !== "");
  return { tooLarge: false, form: true, body: Object.fromEntries(fields) };
}
