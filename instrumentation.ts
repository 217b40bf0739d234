// Next.js calls register() once when a server instance starts: the notification worker and
// scheduler start with it (lib/notify/runtime.ts) and stop on SIGTERM/SIGINT. NEXT_RUNTIME is
// inlined by Next at build time, so the Node-only modules never reach another runtime's bundle.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWithServer } = await import("./lib/notify/runtime");
  startWithServer();
}
