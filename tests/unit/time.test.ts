// One format for every time (issue 14 "Times"): day, short month, year, 24-hour time to the second and
// the zone named; the UTC tooltip is the same format in UTC (milliseconds when there are any).
import { describe, expect, it } from "vitest";
import { formatTime, formatUtc } from "@/lib/time";

const AT = "2026-12-02T13:05:09Z";

describe("formatTime", () => {
  it("writes the instant in the given zone and names the zone", () => {
    expect(formatTime(AT, "UTC")).toBe("2 Dec 2026, 13:05:09 UTC");
    expect(formatTime(AT, "Europe/Berlin")).toBe("2 Dec 2026, 14:05:09 CET");
    expect(formatTime("2026-07-02T13:05:09Z", "Europe/Berlin")).toBe("2 Jul 2026, 15:05:09 CEST");
    expect(formatTime(AT, "America/New_York")).toBe("2 Dec 2026, 08:05:09 GMT-5");
    expect(formatTime(AT, "Asia/Kolkata")).toBe("2 Dec 2026, 18:35:09 GMT+5:30");
  });

  it("crosses the date line with the zone, and accepts a Date", () => {
    expect(formatTime(new Date("2026-12-31T23:30:00Z"), "Asia/Tokyo")).toBe("1 Jan 2027, 08:30:00 GMT+9");
  });

  it("falls back to UTC for an unknown zone and writes a dash for an invalid time", () => {
    expect(formatTime(AT, "Mars/Olympus")).toBe("2 Dec 2026, 13:05:09 UTC");
    expect(formatTime("not a time", "UTC")).toBe("—");
  });
});

describe("formatUtc", () => {
  it("is the same format in UTC, with milliseconds only when there are some", () => {
    expect(formatUtc(AT)).toBe("2 Dec 2026, 13:05:09 UTC");
    expect(formatUtc("2026-12-02T13:05:09.045Z")).toBe("2 Dec 2026, 13:05:09.045 UTC");
  });
});
