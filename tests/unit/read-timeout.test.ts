// answerRead: only PostgreSQL's statement timeout (SQLSTATE 57014, as the driver adapter reports it)
// becomes 503 + Retry-After; every other failure (any SQLite error, other SQLSTATEs) still propagates.
import { describe, expect, it } from "vitest";
import { answerRead } from "@/lib/auth/api";

const adapterError = (originalCode: string) =>
  Object.assign(new Error("failed"), { name: "DriverAdapterError", cause: { kind: "postgres", originalCode } });

describe("answerRead", () => {
  it("passes a read's response through", async () => {
    const response = await answerRead(async () => new Response("ok"));
    expect(await response.text()).toBe("ok");
  });

  it("answers the statement timeout with 503 and Retry-After", async () => {
    const response = await answerRead(() => Promise.reject(adapterError("57014")));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await response.json()).error.code).toBe("read_timeout");
  });

  it.each(["40001", "23505", "SQLITE_BUSY"])("lets %s through", async (code) => {
    await expect(answerRead(() => Promise.reject(adapterError(code)))).rejects.toThrow("failed");
  });
});
