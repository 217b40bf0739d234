import { z } from "zod";
import { authorizeApi, authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { notifyConfig } from "@/lib/config";
import { json } from "@/lib/http";
import { saveSettings, settingsBody } from "@/lib/notify/settings-actions";
import { notificationSettings } from "@/lib/queries/notifications";

export const dynamic = "force-dynamic";

const query = z.object({ workspace: z.string().trim().min(1).max(200).optional() }).strict();

/** The channels (secrets masked) and their switches, globally and for `?workspace=`. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, query);
  if (!auth.ok) return auth.response;
  return json(await notificationSettings(notifyConfig(), auth.query.workspace), { headers: PRIVATE });
}

/** `{ scope: "global" | <workspace id>, channels?: {slack?, webhook?, email?}, emailTo?: [...] }` */
export async function PUT(request: Request): Promise<Response> {
  const auth = await authorizeWrite(request, settingsBody);
  if (!auth.ok) return auth.response;
  await saveSettings(auth.body, auth.operator, new Date());
  return json(await notificationSettings(notifyConfig(), auth.body.scope === "global" ? undefined : auth.body.scope), {
    headers: PRIVATE,
  });
}
