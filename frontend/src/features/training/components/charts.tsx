import { formatDate } from "@/lib/format";

import type { SessionSummary } from "../api";
import { SCORES } from "../labels";
import { clock } from "../pace";
import { LEVEL_TARGET, PACE_TARGET } from "../targets";
import { LineChart, ticks } from "./LineChart";

export interface TimelinePoint {
  start: number;
  end: number;
  value: number | null;
}

function values(points: readonly TimelinePoint[]): number[] {
  return points.flatMap((p) => (p.value === null ? [] : [p.value]));
}

function timeAxis(duration: number) {
  return {
    xDomain: [0, Math.max(duration, 1)] as [number, number],
    xTicks: ticks(0, Math.max(duration, 1), 6),
    formatX: clock,
  };
}

const mid = (p: TimelinePoint) => (p.start + p.end) / 2;

/** Words per minute over the recording (30 s windows), against the target band. */
export function PaceChart({
  points,
  duration,
}: {
  points: readonly TimelinePoint[];
  duration: number;
}) {
  const found = values(points);
  if (found.length === 0) return <NoData>Too little speech to chart the pace.</NoData>;
  const lo = Math.min(80, Math.floor((Math.min(...found) - 10) / 20) * 20);
  const hi = Math.max(200, Math.ceil((Math.max(...found) + 10) / 20) * 20);
  const outside = found.filter((v) => v < PACE_TARGET.flagLow || v > PACE_TARGET.flagHigh).length;
  return (
    <LineChart
      title="Pace over time"
      summary={`Pace ranged from ${Math.round(Math.min(...found))} to ${Math.round(Math.max(...found))} words per minute; ${outside} of ${found.length} readings were outside ${PACE_TARGET.flagLow}-${PACE_TARGET.flagHigh}.`}
      series={[
        {
          id: "pace",
          label: "Words per minute",
          colour: "text-amber-600 dark:text-amber-400",
          points: points.map((p) => ({
            x: mid(p),
            y: p.value,
            label: p.value === null ? undefined : `${clock(mid(p))}: ${Math.round(p.value)} wpm`,
          })),
        },
      ]}
      {...timeAxis(duration)}
      yDomain={[lo, hi]}
      yTicks={ticks(lo, hi, 5)}
      band={{ from: PACE_TARGET.low, to: PACE_TARGET.high, label: "target" }}
    />
  );
}

/** Speaking level per second (dBFS), against the level the volume score likes. */
export function LoudnessChart({
  points,
  duration,
}: {
  points: readonly TimelinePoint[];
  duration: number;
}) {
  const found = values(points);
  if (found.length === 0) return <NoData>No speech was loud enough to measure.</NoData>;
  const inBand = found.filter((v) => v >= LEVEL_TARGET.low && v <= LEVEL_TARGET.high).length;
  return (
    <LineChart
      title="Loudness over time"
      summary={`Speaking level between ${Math.round(Math.min(...found))} and ${Math.round(Math.max(...found))} dBFS; ${Math.round((100 * inBand) / found.length)} % of the time within ${LEVEL_TARGET.low} to ${LEVEL_TARGET.high} dBFS.`}
      series={[
        {
          id: "loudness",
          label: "dBFS",
          colour: "text-fuchsia-600 dark:text-fuchsia-400",
          points: points.map((p) => ({ x: mid(p), y: p.value })),
        },
      ]}
      {...timeAxis(duration)}
      yDomain={[-60, 0]}
      yTicks={[-60, -45, -30, -15, 0]}
      formatY={(v) => `${v}`}
      band={{ from: LEVEL_TARGET.low, to: LEVEL_TARGET.high, label: "good level" }}
    />
  );
}

/** The four scores of each analysed session, oldest first. */
export function TrendChart({ sessions }: { sessions: readonly SessionSummary[] }) {
  const scored = [...sessions]
    .filter((s) => s.metrics)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  if (scored.length === 0) {
    return <NoData>Scores appear here once a session has been analysed.</NoData>;
  }
  const last = scored.at(-1)!;
  const step = Math.max(1, Math.ceil(scored.length / 6));
  const day = (i: number) => formatDate(scored[i]?.startedAt);
  // One label per day: several sessions on one day would repeat it.
  const xTicks = scored
    .map((_, i) => i)
    .filter((i) => i % step === 0 && (i === 0 || day(i) !== day(i - step)));
  return (
    <div className="space-y-2">
      <LineChart
        title="Scores over time"
        summary={`${scored.length} analysed sessions. The latest, on ${formatDate(last.startedAt)}: ${SCORES.map((s) => `${s.label.toLowerCase()} ${last.metrics?.[s.key] ?? "not scored"}`).join(", ")}.`}
        series={SCORES.map((score) => ({
          id: score.key,
          label: score.label,
          colour: score.colour,
          points: scored.map((session, i) => ({
            x: i,
            y: session.metrics?.[score.key] ?? null,
            label: `${score.label} ${session.metrics?.[score.key] ?? "—"} · ${formatDate(session.startedAt)}`,
          })),
        }))}
        // A single session sits in the middle rather than on the axis.
        xDomain={scored.length === 1 ? [-1, 1] : [0, scored.length - 1]}
        xTicks={xTicks}
        formatX={day}
        yDomain={[0, 100]}
        yTicks={[0, 25, 50, 75, 100]}
        dots
        height={220}
      />
      <ul
        className="flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400"
        aria-hidden="true"
      >
        {SCORES.map((score) => (
          <li key={score.key} className="flex items-center gap-1.5">
            <span className={`inline-block h-0.5 w-4 bg-current ${score.colour}`} />
            {score.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoData({ children }: { children: React.ReactNode }) {
  return <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{children}</p>;
}
