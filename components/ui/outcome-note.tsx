// The one-line outcome beside a form's button ("Saved", "Sent", or what went wrong): a polite status
// when it worked, an alert when it did not, so a screen reader announces a failure at once.
export type Outcome = { ok: boolean; text: string };

export function OutcomeNote({ note }: { note: Outcome | null | undefined }) {
  if (!note?.text) return null;
  return (
    <span
      role={note.ok ? "status" : "alert"}
      className={note.ok ? "text-xs text-emerald-700 dark:text-emerald-400" : "text-xs text-red-700 dark:text-red-400"}
    >
      {note.text}
    </span>
  );
}
