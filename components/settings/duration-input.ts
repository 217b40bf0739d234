// Budgets as operators type them: "90 min", "6 h", "2 d", "1 h 30 min", or plain seconds. Pure.
const UNIT: Record<string, number> = {
  s: 1,
  sec: 1,
  m: 60,
  min: 60,
  h: 3600,
  hr: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
};

/** Seconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const parts = [
    ...text
      .trim()
      .toLowerCase()
      .matchAll(/(\d+(?:\.\d+)?)\s*([a-z]*)/g),
  ];
  const rest = text
    .trim()
    .toLowerCase()
    .replace(/(\d+(?:\.\d+)?)\s*([a-z]*)/g, "")
    .trim();
  if (!parts.length || rest) return null;
  let total = 0;
  for (const [, n, unit] of parts) {
    const size = unit ? UNIT[unit] : 1;
    if (!size) return null;
    total += Number(n) * size;
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}
