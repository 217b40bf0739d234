// Named operator accounts (table operators): one per email, lower case. An account starts without a
// password; its owner sets one through a one-time link (lib/auth/login-link.ts), printed by
// `npm start` for the first account and by `npm run operator -- add <email>` for the others.
// Setting a password, or removing the account, ends every session of that operator.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { hashPassword } from "./passwords";

export const operatorEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "An email address is at most 320 characters")
  .regex(/^[^\s@<>,"]+@[^\s@<>,"]+\.[^\s@<>,"]+$/, "Enter an email address, e.g. ops@example.com");

export type OperatorAccount = { id: string; email: string; hasPassword: boolean; createdAt: Date };

const toAccount = (row: { id: string; email: string; passwordHash: string | null; createdAt: Date }) => ({
  id: row.id,
  email: row.email,
  hasPassword: row.passwordHash !== null,
  createdAt: row.createdAt,
});

export async function operatorCount(prisma: Db): Promise<number> {
  return prisma.operator.count();
}

export async function listOperators(prisma: Db): Promise<OperatorAccount[]> {
  return (await prisma.operator.findMany({ orderBy: { email: "asc" } })).map(toAccount);
}

/** The account and its hash for a sign-in (email already normalised). */
export function findOperator(prisma: Db, email: string) {
  return prisma.operator.findUnique({ where: { email } });
}

/** Adds an account without a password (or finds the existing one); returns whether it is new. */
export async function addOperator(prisma: Db, email: string, now: Date = new Date()): Promise<{ created: boolean }> {
  const existing = await findOperator(prisma, email);
  if (existing) return { created: false };
  await prisma.operator.create({
    data: { id: randomBytes(12).toString("base64url"), email, passwordHash: null, createdAt: now, updatedAt: now },
  });
  return { created: true };
}

/** Sets a password (creating the account if needed) and ends the operator's other sessions. */
export async function setOperatorPassword(
  prisma: Db,
  email: string,
  password: string,
  now: Date = new Date(),
): Promise<{ id: string; email: string }> {
  const passwordHash = await hashPassword(password);
  const row = await prisma.operator.upsert({
    where: { email },
    create: { id: randomBytes(12).toString("base64url"), email, passwordHash, createdAt: now, updatedAt: now },
    update: { passwordHash, updatedAt: now },
  });
  await prisma.operatorSession.updateMany({
    where: { operatorId: row.id, revokedAt: null },
    data: { revokedAt: now },
  });
  return { id: row.id, email: row.email };
}

/** Removes an account and its sessions; false when there was none. */
export async function removeOperator(prisma: Db, email: string): Promise<boolean> {
  const row = await findOperator(prisma, email);
  if (!row) return false;
  await prisma.$transaction([
    prisma.operatorSession.deleteMany({ where: { operatorId: row.id } }),
    prisma.operator.delete({ where: { id: row.id } }),
  ]);
  return true;
}
