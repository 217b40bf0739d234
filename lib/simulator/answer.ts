// What the simulator prints for a webhook answer: the outcome of this delivery. A retry the server
// already holds says `duplicate` (its body still carries the first delivery's outcome, which this
// delivery did not cause). Pure.
export function describeAnswer(text: string): string {
  try {
    const body = JSON.parse(text) as { outcome?: string; duplicate?: boolean; error?: { message?: string } };
    if (body.error?.message) return body.error.message;
    if (body.duplicate) return "duplicate";
    return body.outcome ?? "";
  } catch {
    return text.slice(0, 120);
  }
}
