import { z } from "zod";
import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { reverifyQuarantine } from "@/lib/webhooks/reverify";

export const dynamic = "force-dynamic";

const body = z.strictObject({});

/**
 * Checks every quarantined delivery (refused for its signature) against the current configuration and
 * ingests those that now pass, with their original received time: `{checked, recovered, stillFailing}`.
 */
export async function POST(request: Request): Promise<Response> {
  const auth = await authorizeWrite(request, body);
  if (!auth.ok) return auth.response;
  return json(await reverifyQuarantine(auth.operator), { headers: PRIVATE });
}
