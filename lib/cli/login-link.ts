// `npm run login-link [-- <email>] [--base URL]` prints a fresh one-time sign-in link for the running
// dashboard, without restarting it (the token is signed with the server's SESSION_SECRET, from the
// environment else .env.local, and used token ids are kept in the database). While no operator
// account exists the link creates the first one (as `npm start` prints it); afterwards it is a
// set-password link for the given operator, or the first one (`npm run operator -- list`).
import { parseArgs } from "node:util";
import { loadLocalEnv } from "./local-env";
import { dashboardBase } from "./server-file";
import { createLoginToken, INVITE_LINK_TTL_MINUTES, LOGIN_LINK_TTL_MINUTES } from "../auth/login-link";
import { listOperators, operatorEmail } from "../auth/operators";
import { databaseUrl } from "../config";
import { closeDatabase } from "../db/client";
import { migrate } from "../db/migrate";
import { ready } from "../queries/db";

async function main(): Promise<number> {
  loadLocalEnv();
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: "string" } } });
  await migrate(databaseUrl());
  const operators = await listOperators(await ready());
  let email: string | undefined;
  if (positionals[0] !== undefined) {
    const parsed = operatorEmail.safeParse(positionals[0]);
    if (!parsed.success || !operators.some((o) => o.email === parsed.data)) {
      console.error(
        `No operator ${positionals[0]} (see npm run operator -- list; add one with npm run operator -- add <email>).`,
      );
      return 2;
    }
    email = parsed.data;
  } else email = operators[0]?.email;
  const ttlMinutes = email ? INVITE_LINK_TTL_MINUTES : LOGIN_LINK_TTL_MINUTES;
  const token = await createLoginToken(new Date(), process.env, { email, ttlMinutes });
  if (!token) {
    console.error("SESSION_SECRET is not set (npm start generates it into .env.local).");
    return 1;
  }
  console.log(`${dashboardBase(values.base)}/login?token=${token}`);
  console.error(
    email
      ? `(works once, ${ttlMinutes / 60} h: ${email} sets a new password with it)`
      : `(works once, ${ttlMinutes} min: it creates the first operator account)`,
  );
  return 0;
}

main()
  .catch((error: Error) => {
    console.error(`login-link failed: ${error.message}`);
    return 1;
  })
  .then(async (code) => {
    await closeDatabase().catch(() => undefined);
    process.exit(code);
  });
