// The first run: the CLIs find the server that announced itself (data/server.json), the simulator
// says `duplicate` for a retry, and a played scenario's vendor times lie seconds, not minutes, before now.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { announcedUrl, writeServerFile } from "@/lib/cli/server-file";
import { describeAnswer } from "@/lib/simulator/answer";
import { INBOXKIT_SCENARIOS } from "@/lib/simulator/scenarios";
import { toSteps } from "@/lib/simulator/types";

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "server-file-"));
  dirs.push(dir);
  return join(dir, "data", "server.json");
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("data/server.json", () => {
  it("gives back the URL a live server wrote", () => {
    const file = tempFile();
    writeServerFile("http://localhost:3301/", file);
    expect(announcedUrl(file)).toBe("http://localhost:3301");
  });

  it("is ignored when its process has exited, is missing, or is not what a server writes", () => {
    const file = tempFile();
    writeServerFile("http://localhost:3301", file, 999_999_999);
    expect(announcedUrl(file, () => false)).toBeNull();
    expect(announcedUrl(join(tmpdir(), "no-such-dir-xyz", "server.json"))).toBeNull();
    writeFileSync(file, "{ not json");
    expect(announcedUrl(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ url: "javascript:alert(1)", pid: process.pid, startedAt: "x" }));
    expect(announcedUrl(file)).toBeNull();
  });
});

describe("what the simulator prints for an answer", () => {
  it("says duplicate for a retry the server already holds, else the outcome or the error", () => {
    expect(describeAnswer('{"received":true,"event_id":4,"outcome":"applied","duplicate":true}')).toBe("duplicate");
    expect(describeAnswer('{"received":true,"event_id":4,"outcome":"stale","duplicate":false}')).toBe("stale");
    expect(describeAnswer('{"error":{"code":"bad_signature","message":"Signature does not match"}}')).toBe(
      "Signature does not match",
    );
    expect(describeAnswer("<html>502</html>")).toBe("<html>502</html>");
  });
});

describe("vendor times of a played scenario", () => {
  it("lie within a few seconds a step before now (the player's pause, at least a second), never after it", () => {
    const now = new Date("2026-12-01T12:00:00.000Z");
    for (const scenario of INBOXKIT_SCENARIOS) {
      const steps = toSteps(
        scenario.deliveries({
          workspaceId: "ws",
          now,
          runId: "ab12cd",
          secret: () => "k",
          scheme: "api-key-sha256",
          delay: 400,
        }),
      );
      const times = steps.map((s) => new Date(JSON.parse(s.delivery.body).data.metadata.updated_at).getTime());
      const oldest = Math.min(...times);
      expect(now.getTime() - oldest, scenario.name).toBeLessThanOrEqual(steps.length * 1000);
      expect(Math.max(...times), scenario.name).toBeLessThanOrEqual(now.getTime());
    }
  });
});
