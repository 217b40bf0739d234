// One POST with a timeout; anything but 2xx is an error naming the status (never the URL: a
// webhook URL may carry a token).
export const SEND_TIMEOUT_MS = 10_000;

export class ChannelError extends Error {}

export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "onboarding-dashboard-notify/1", ...headers },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${SEND_TIMEOUT_MS / 1000} s`
        : (cause ?? "request failed");
    throw new ChannelError(`could not reach the receiver (${name})`);
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new ChannelError(`the receiver answered HTTP ${response.status}`);
}
