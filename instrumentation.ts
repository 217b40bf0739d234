// Next.js calls register() once when a server starts. `npm start` (lib/cli/serve.ts) starts and stops
// the notification worker and scheduler itself; this covers `next dev` and a bare `next start`
// (startWithServer runs once per process). NEXT_RUNTIME is inlined by Next at build time, so the
// Node-only modules never reach another runtime's bundle.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWithServer } = await import("./lib/notify/runtime");
  startWithServer();
  const { startRetentionWithServer } = await import("./lib/events/retention");
  startRetentionWithServer();
}
