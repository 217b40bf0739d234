// `npm run operator -- add | list | remove` on SQLite and PostgreSQL: the printed link sets the
// account's password through the real login route; bad input exits 2 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as loginPOST } from "@/app/api/auth/login/route";
import { operatorCommand } from "@/lib/cli/operator";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const ORIGIN = "http://127.0.0.1:3101";

beforeAll(() => {
  process.env.SESSION_SECRET = "operator-cli-session-secret-0123456789";
});

async function run(prisma: TestDatabase["db"]["prisma"], ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await operatorCommand(args, prisma, ORIGIN, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const signIn = (body: Record<string, string>) =>
  loginPOST(
    new Request(`${ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: {
        host: "127.0.0.1:3101",
        origin: ORIGIN,
        "content-type": "application/json",
        "x-forwarded-for": "198.18.7.7",
      },
      body: JSON.stringify(body),
    }),
  );

describe.each(await providers())("npm run operator on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("add prints a one-time link that sets the password; list and remove", async () => {
    expect((await run(t.db.prisma, "list")).out).toEqual([expect.stringMatching(/No operator accounts yet/)]);
    const added = await run(t.db.prisma, "add", "New.Person@Example.com");
    expect(added.code).toBe(0);
    expect(added.out[0]).toMatch(/^Added new\.person@example\.com\./);
    const link = new URL(added.out[1]);
    expect(link.origin + link.pathname).toBe(`${ORIGIN}/login`);
    expect((await run(t.db.prisma, "list")).out).toEqual([expect.stringMatching(/^new\.person@example\.com\twaiting/)]);

    const token = link.searchParams.get("token")!;
    expect((await signIn({ token, password: "my own password" })).status).toBe(200);
    expect((await signIn({ token, password: "my own password" })).status).toBe(401);
    expect((await signIn({ email: "new.person@example.com", password: "my own password" })).status).toBe(200);
    expect((await run(t.db.prisma, "list")).out).toEqual([
      expect.stringMatching(/^new\.person@example\.com\tpassword set/),
    ]);

    const reset = await run(t.db.prisma, "add", "new.person@example.com");
    expect(reset.out[0]).toMatch(/^Reset link for new\.person@example\.com/);

    expect(await run(t.db.prisma, "remove", "new.person@example.com")).toMatchObject({ code: 0 });
    expect(await run(t.db.prisma, "remove", "new.person@example.com")).toMatchObject({ code: 1 });
    expect((await signIn({ email: "new.person@example.com", password: "my own password" })).status).toBe(401);
  });

  it("refuses bad input with exit code 2 and the usage or the reason", async () => {
    expect(await run(t.db.prisma)).toMatchObject({ code: 2, err: [expect.stringMatching(/^usage:/)] });
    expect(await run(t.db.prisma, "add")).toMatchObject({ code: 2 });
    expect(await run(t.db.prisma, "add", "a@b.co", "extra")).toMatchObject({ code: 2 });
    expect(await run(t.db.prisma, "add", "not-an-email")).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/email/)],
    });
    expect(await run(t.db.prisma, "delete", "a@b.co")).toMatchObject({ code: 2 });
    expect((await run(t.db.prisma, "list")).out).toEqual([expect.stringMatching(/No operator accounts yet/)]);
  });
});
