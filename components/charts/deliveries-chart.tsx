// Deliveries per hour over the last 7 days as stacked bars (accepted, stale, refused), plain SVG. The
// numbers are in the text: the totals beside the legend, the busiest hour in the image's label, every
// bar's own on hover, and a table per day under "The numbers".
import type { DeliveryHour } from "@/lib/queries/charts";

const SERIES = [
  {
    key: "accepted",
    label: "Accepted",
    fill: "fill-emerald-500 dark:fill-emerald-400",
    dot: "bg-emerald-500 dark:bg-emerald-400",
  },
  { key: "stale", label: "Stale", fill: "fill-amber-500 dark:fill-amber-400", dot: "bg-amber-500 dark:bg-amber-400" },
  { key: "refused", label: "Refused", fill: "fill-red-600 dark:fill-red-400", dot: "bg-red-600 dark:bg-red-400" },
] as const;

const WIDTH = 840;
const HEIGHT = 140;
const n = (x: number) => x.toLocaleString("en-US");
/** "1 Dec, 10:00 UTC": the chart's buckets are UTC hours, written in the day-month order of every other time (lib/time.ts). */
const hourLabel = (iso: string) =>
  `${new Date(iso).toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" })}, ${iso.slice(11, 16)} UTC`;
/** "Tue 1 Dec" */
const dayLabel = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });

export function DeliveriesChart({ hours }: { hours: DeliveryHour[] }) {
  const totals = { accepted: 0, stale: 0, refused: 0 };
  for (const h of hours) for (const s of SERIES) totals[s.key] += h[s.key];
  const total = (h: DeliveryHour) => h.accepted + h.stale + h.refused;
  const busiest = hours.reduce((a, b) => (total(b) > total(a) ? b : a), hours[0]);
  const max = Math.max(1, total(busiest));
  const barWidth = WIDTH / hours.length;
  const days = new Map<string, { first: string; accepted: number; stale: number; refused: number }>();
  for (const h of hours) {
    const day = days.get(h.hour.slice(0, 10)) ?? { first: h.hour, accepted: 0, stale: 0, refused: 0 };
    for (const s of SERIES) day[s.key] += h[s.key];
    days.set(h.hour.slice(0, 10), day);
  }
  const summary =
    `Deliveries per hour over the last 7 days: ${n(totals.accepted)} accepted, ${n(totals.stale)} stale, ` +
    `${n(totals.refused)} refused` +
    (total(busiest) > 0 ? `; the busiest hour, ${hourLabel(busiest.hour)}, had ${n(total(busiest))}.` : ".");
  return (
    <figure data-testid="deliveries-chart" className="space-y-2">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5" data-series={s.key}>
            <span aria-hidden className={`size-2.5 rounded-sm ${s.dot}`} />
            {s.label}{" "}
            <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{n(totals[s.key])}</span>
          </li>
        ))}
        <li className="ml-auto tabular-nums">peak {n(total(busiest))}/h</li>
      </ul>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-36 w-full"
      >
        {[0.5, 1].map((f) => (
          <line
            key={f}
            x1={0}
            x2={WIDTH}
            y1={HEIGHT - f * HEIGHT + 0.5}
            y2={HEIGHT - f * HEIGHT + 0.5}
            className="stroke-zinc-200 dark:stroke-zinc-700"
            strokeDasharray="4 4"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {hours.map((h, i) =>
          h.hour.slice(11, 13) === "00" ? (
            <line
              key={`day-${h.hour}`}
              x1={i * barWidth}
              x2={i * barWidth}
              y1={0}
              y2={HEIGHT}
              className="stroke-zinc-300 dark:stroke-zinc-600"
              vectorEffect="non-scaling-stroke"
            />
          ) : null,
        )}
        {hours.map((h, i) => {
          let y = HEIGHT;
          return (
            <g key={h.hour}>
              <title>{`${hourLabel(h.hour)}: ${h.accepted} accepted, ${h.stale} stale, ${h.refused} refused`}</title>
              <rect x={i * barWidth} y={0} width={barWidth} height={HEIGHT} className="fill-transparent" />
              {SERIES.map((s) => {
                const height = (h[s.key] / max) * HEIGHT;
                if (!height) return null;
                y -= height;
                return (
                  <rect
                    key={s.key}
                    x={i * barWidth + barWidth * 0.1}
                    y={y}
                    width={barWidth * 0.8}
                    height={height}
                    className={s.fill}
                  />
                );
              })}
            </g>
          );
        })}
        <line
          x1={0}
          x2={WIDTH}
          y1={HEIGHT - 0.5}
          y2={HEIGHT - 0.5}
          className="stroke-zinc-400 dark:stroke-zinc-500"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <div aria-hidden className="flex justify-between text-[11px] text-zinc-600 dark:text-zinc-400">
        <span>{dayLabel(hours[0].hour)}</span>
        <span>now (UTC)</span>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          The numbers per day (UTC)
        </summary>
        <table className="mt-2 w-full text-left tabular-nums" data-testid="deliveries-table">
          <thead className="text-zinc-600 dark:text-zinc-400">
            <tr>
              <th className="py-1 font-medium">Day</th>
              {SERIES.map((s) => (
                <th key={s.key} className="py-1 text-right font-medium">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...days.values()].map((d) => (
              <tr key={d.first} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1">{dayLabel(d.first)}</td>
                {SERIES.map((s) => (
                  <td key={s.key} className="py-1 text-right">
                    {n(d[s.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
