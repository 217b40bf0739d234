// Does a detail page's subject exist? One indexed lookup, answered before the page streams, so an
// unknown domain, mailbox, request or workspace answers HTTP 404 (app/(operator)/…/layout.tsx).
import { ready } from "./db";

export type Subject = "domain" | "mailbox" | "request" | "workspace";

export async function subjectExists(subject: Subject, id: string): Promise<boolean> {
  const prisma = await ready();
  const where = { uid: id };
  switch (subject) {
    case "domain":
      return (await prisma.domain.count({ where })) > 0;
    case "mailbox":
      return (await prisma.mailbox.count({ where })) > 0;
    case "request": {
      const [consent, clientId] = await Promise.all([
        prisma.consentRequest.count({ where }),
        prisma.clientIdRequest.count({ where }),
      ]);
      return consent + clientId > 0;
    }
    case "workspace": {
      // The same test as workspaceView: anything at all stored for the workspace.
      const scope = { workspaceId: id };
      const counts = await Promise.all([
        prisma.domain.count({ where: scope }),
        prisma.mailbox.count({ where: scope }),
        prisma.consentRequest.count({ where: scope }),
        prisma.clientIdRequest.count({ where: scope }),
      ]);
      return counts.some((n) => n > 0);
    }
  }
}
