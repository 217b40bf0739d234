// One response shape for the whole app: data as JSON, errors as { error: { code, message } }.
export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, init);
}

export function jsonError(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
