// `npm run operator -- add <email> | list | remove <email>`: operator accounts (lib/auth/operators.ts).
// `add` prints a one-time link (valid a day) with which that person sets their password; for an
// existing account it is a reset link. Reads DATABASE_URL and SESSION_SECRET from the environment,
// else .env.local, and migrates the database first (it may run before the first `npm start`).
import { loadLocalEnv } from "./local-env";
import { createLoginToken, INVITE_LINK_TTL_MINUTES } from "../auth/login-link";
import { addOperator, listOperators, operatorEmail, removeOperator } from "../auth/operators";
import { databaseUrl, notifyConfig } from "../config";
import { closeDatabase, type Db } from "../db/client";
import { migrate } from "../db/migrate";

import { ready } from "../queries/db";
import { issueMessages } from "../validation";

const USAGE = "usage: npm run operator -- add <email> | list | remove <email>";

export type CommandIo = { out: (line: string) => void; err: (line: string) => void };

/** Runs one command against the database; returns the exit code. */
export async function operatorCommand(args: string[], prisma: Db, base: string, io: CommandIo): Promise<number> {
  const [command, rawEmail, ...extra] = args;
  if (command === "list" && rawEmail === undefined) {
    const operators = await listOperators(prisma);
    if (operators.length === 0) io.out("No operator accounts yet: npm start prints a link to create the first.");
    for (const o of operators)
      io.out(
        `${o.email}\t${o.hasPassword ? "password set" : "waiting for its link"}\tsince ${o.createdAt.toISOString()}`,
      );
    return 0;
  }
  if ((command !== "add" && command !== "remove") || rawEmail === undefined || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  const email = operatorEmail.safeParse(rawEmail);
  if (!email.success) {
    io.err(issueMessages(email.error, { paths: false })[0]);
    return 2;
  }
  if (command === "remove") {
    if (!(await removeOperator(prisma, email.data))) {
      io.err(`No operator ${email.data}.`);
      return 1;
    }
    io.out(`Removed ${email.data}; their sessions are ended.`);
    return 0;
  }
  const token = await createLoginToken(new Date(), process.env, { email: email.data });
  if (!token) {
    io.err("SESSION_SECRET is not set (npm start generates it into .env.local).");
    return 1;
  }
  const { created } = await addOperator(prisma, email.data);
  io.out(
    `${created ? "Added" : "Reset link for"} ${email.data}. Send them this link (works once, for ${INVITE_LINK_TTL_MINUTES / 60} h):`,
  );
  io.out(`${base}/login?token=${token}`);
  return 0;
}

async function main(): Promise<number> {
  loadLocalEnv();
  await migrate(databaseUrl());
  try {
    const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
    return await operatorCommand(process.argv.slice(2), await ready(), notifyConfig().dashboardUrl, io);
  } finally {
    await closeDatabase();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`operator failed: ${error.message}`);
      process.exit(1);
    },
  );
}
