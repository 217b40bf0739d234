import { z } from "zod";
import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { notifyConfig } from "@/lib/config";
import { database } from "@/lib/db/client";
import { json } from "@/lib/http";
import { CHANNELS } from "@/lib/notify/channels";
import { recordTest } from "@/lib/notify/settings-actions";
import { sendTest } from "@/lib/notify/test-send";

export const dynamic = "force-dynamic";

const body = z.object({ channel: z.enum(CHANNELS), recipient: z.email().max(320).optional() }).strict();

/** Sends a test message through one channel now; answers whether it was delivered (and why not). */
export async function POST(request: Request): Promise<Response> {
  const auth = await authorizeWrite(request, body);
  if (!auth.ok) return auth.response;
  const db = database();
  await db.ready;
  const result = await sendTest(db, notifyConfig(), auth.body.channel, new Date(), auth.body.recipient);
  await recordTest(db, auth.operator, result, new Date());
  return json(result, { headers: PRIVATE });
}
