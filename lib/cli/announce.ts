// What `npm start` prints once the server is starting: where to point the vendors, and how to log in.
export async function firstRunAnnouncement(base: string): Promise<string> {
  return [
    "",
    `Dashboard:         ${base}`,
    `InboxKit webhook:  ${base}/api/webhooks/inboxkit   (POST; signature scheme: ${process.env.INBOXKIT_SIGNATURE_SCHEME ?? "api-key-sha256"})`,
    `Inkbox webhook:    ${base}/api/webhooks/inkbox`,
    `See it come alive: npm run simulate -- google-onboarding`,
    "",
  ].join("\n");
}
