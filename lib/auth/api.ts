// The first steps of every operator JSON route: who is asking (401 otherwise), then the query
// string validated with zod by the shared parser (400 naming the parameter otherwise: an unknown,
// repeated or malformed one), both in the one error shape.
import type { z } from "zod";
import { jsonError } from "../http";
import { isStatementTimeout } from "../db/errors";
import { describeIssues } from "../validation";
import { parseQuery } from "../queries/params";
import { readCapped } from "../webhooks/receive";
import { getOperator, isSameOrigin, type Operator } from "./session";

export const UNAUTHORIZED_MESSAGE = "Sign in, or send Authorization: Bearer <DASHBOARD_API_TOKEN>";

export type Authorized<T> = { ok: true; operator: Operator; query: T } | { ok: false; response: Response };

export const unauthorized = (): Response =>
  jsonError(401, "unauthorized", UNAUTHORIZED_MESSAGE, { "WWW-Authenticate": 'Bearer realm="dashboard"' });

export async function authorizeApi<S extends z.ZodObject<z.ZodRawShape>>(
  request: Request,
  schema: S,
): Promise<Authorized<z.infer<S>>> {
  const operator = await getOperator(request);
  if (!operator) return { ok: false, response: unauthorized() };
  const parsed = parseQuery(schema, new URL(request.url).searchParams);
  if (!parsed.ok) return { ok: false, response: jsonError(400, "invalid_query", parsed.message) };
  return { ok: true, operator, query: parsed.data };
}

/** Operator JSON is private and always fresh. */
export const PRIVATE = { "Cache-Control": "private, no-store" } as const;

/** Seconds a client is told to wait before repeating a read the database cut off. */
export const READ_RETRY_AFTER_SECONDS = 5;

/**
 * An operator read's response; when PostgreSQL ended one of its statements at the statement timeout
 * (the database is busy, or the filters make a slow read), 503 with Retry-After rather than a bare 500.
 */
export async function answerRead(read: () => Promise<Response>): Promise<Response> {
  try {
    return await read();
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
    return jsonError(
      503,
      "read_timeout",
      "The database timed out on this read: try again shortly, or narrow the filters",
      {
        "Retry-After": String(READ_RETRY_AFTER_SECONDS),
        ...PRIVATE,
      },
    );
  }
}

/** Bodies of operator writes are small JSON objects; anything larger is refused unread past this. */
export const MAX_BODY_BYTES = 16 * 1024;

export type AuthorizedBody<T> = { ok: true; operator: Operator; body: T } | { ok: false; response: Response };

/**
 * The first steps of every operator write: who is asking (401), a browser session must come from
 * this site (403: the API token is for scripts and carries no cookie to forge), then a JSON body
 * within 16 KiB (415/413) validated with zod (400), all in the one error shape.
 */
export async function authorizeWrite<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<AuthorizedBody<z.infer<S>>> {
  const operator = await getOperator(request);
  if (!operator) return { ok: false, response: unauthorized() };
  if (operator.via === "session" && !isSameOrigin(request)) {
    return { ok: false, response: jsonError(403, "cross_origin", "Changes must come from this dashboard's own pages") };
  }
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    return { ok: false, response: jsonError(415, "unsupported_media_type", "Send the body as application/json") };
  const body = await readCapped(request, MAX_BODY_BYTES);
  if (!body.ok)
    return { ok: false, response: jsonError(413, "too_large", `The body must be at most ${MAX_BODY_BYTES} bytes`) };
  let json: unknown;
  try {
    json = JSON.parse(body.bytes.toString("utf8"));
  } catch {
    return { ok: false, response: jsonError(400, "invalid_body", "The body is not valid JSON") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, response: jsonError(400, "invalid_body", describeIssues(parsed.error)) };
  }
  return { ok: true, operator, body: parsed.data };
}
