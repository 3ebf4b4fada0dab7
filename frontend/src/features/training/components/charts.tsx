import { formatDate } from "@/lib/format";

import type { SessionSummary } from "../api";
import { SCORES, type ScoreKey } from "../labels";
import { clock } from "../pace";
import { LEVEL_TARGET, PACE_TARGET, PACE_WINDOW_S } from "../targets";
import { LineChart, ticks } from "./LineChart";

export interface TimelinePoint {
  start: number;
  end: number;
  value: number | null;
}

function values(points: readonly TimelinePoint[]): number[] {
  return points.flatMap((p) => (p.value === null ? [] : [p.value]));
}

/** Spacings of the time axis, in seconds: whole seconds that a clock reads evenly (a 2.5 s
 * step would be labelled 0:00, 0:02, 0:05, 0:07). */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

function timeAxis(duration: number) {
  return {
    xDomain: [0, Math.max(duration, 1)] as [number, number],
    xTicks: ticks(0, Math.max(duration, 1), 6, TIME_STEPS_S),
    formatX: clock,
  };
}

/** Where a reading is drawn: the middle of the part of its window that was recorded. A window
 * can run past the end (a pace window is 30 s even in a 13 s recording), and its middle would
 * then fall outside the chart. */
function mid(p: TimelinePoint, duration: number): number {
  return (p.start + (duration > 0 ? Math.min(p.end, duration) : p.end)) / 2;
}

/** Words per minute over the recording (`PACE_WINDOW_S` windows), against the target band. */
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
  const lone = found.length === 1 ? Math.round(found[0] ?? 0) : null;
  const chart = (
    <LineChart
      title="Pace over time"
      summary={
        lone !== null
          ? `One reading: ${lone} words per minute.`
          : `Pace ranged from ${Math.round(Math.min(...found))} to ${Math.round(Math.max(...found))} words per minute; ${outside} of ${found.length} readings were outside ${PACE_TARGET.flagLow}-${PACE_TARGET.flagHigh}.`
      }
      series={[
        {
          id: "pace",
          label: "Words per minute",
          colour: "text-amber-600 dark:text-amber-400",
          points: points.map((p) => ({
            x: mid(p, duration),
            y: p.value,
            label:
              p.value === null
                ? undefined
                : `${clock(mid(p, duration))}: ${Math.round(p.value)} wpm`,
          })),
        },
      ]}
      {...timeAxis(duration)}
      yDomain={[lo, hi]}
      yTicks={ticks(lo, hi, 5)}
      band={{
        from: PACE_TARGET.low,
        to: PACE_TARGET.high,
        label: `Target: ${PACE_TARGET.low} to ${PACE_TARGET.high} words per minute`,
      }}
    />
  );
  // A recording that fits in one window has one reading: a dot, and why there is no curve.
  if (points.length !== 1) return chart;
  return (
    <div className="space-y-2">
      {chart}
      <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">
        {lone} words per minute over the whole recording: a curve needs more than {PACE_WINDOW_S}{" "}
        seconds of speech.
      </p>
    </div>
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
          points: points.map((p) => ({ x: mid(p, duration), y: p.value })),
        },
      ]}
      {...timeAxis(duration)}
      yDomain={[-60, 0]}
      yTicks={[-60, -45, -30, -15, 0]}
      formatY={(v) => `${v}`}
      band={{
        from: LEVEL_TARGET.low,
        to: LEVEL_TARGET.high,
        label: `Target speaking level: ${LEVEL_TARGET.low} to ${LEVEL_TARGET.high} dBFS`,
      }}
    />
  );
}

/** The four scores of each analysed session, oldest first. */
function NoScores() {
  return (
    <NoData>
      Scores appear here once a session has been analysed with enough speech to judge.
    </NoData>
  );
}

export function TrendChart({ sessions }: { sessions: readonly SessionSummary[] }) {
  // An analysed session with too little speech has its metrics, every score null: no point.
  const scored = [...sessions]
    .filter((s) => SCORES.some((score) => s.metrics?.[score.key] != null))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  if (scored.length === 0) return <NoScores />;
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
      <ChartLegend series={SCORES.map(({ key, label, colour }) => ({ id: key, label, colour }))} />
    </div>
  );
}

const dateOf = (time: number) => formatDate(new Date(time).toISOString());

/** About six dates across the range, each shown once. */
function dayTicks([lo, hi]: [number, number]): number[] {
  const evenly = Array.from({ length: 6 }, (_, i) => lo + ((hi - lo) * i) / 5);
  return evenly.filter((time, i) => i === 0 || dateOf(time) !== dateOf(evenly[i - 1] ?? time));
}

// Colours for one line per person, told apart by their legend (and tooltips) too.
const PERSON_COLOURS = [
  "text-brand-600 dark:text-brand-400",
  "text-emerald-600 dark:text-emerald-400",
  "text-amber-600 dark:text-amber-400",
  "text-fuchsia-600 dark:text-fuchsia-400",
  "text-sky-600 dark:text-sky-400",
  "text-rose-600 dark:text-rose-400",
  "text-lime-700 dark:text-lime-400",
  "text-violet-600 dark:text-violet-400",
];
const DAY_MS = 86_400_000;

/** One score of several people's analysed sessions over time: one line per person, so that a
 * line never joins one person's session to another's. */
export function TeamTrendChart({
  sessions,
  score,
}: {
  sessions: readonly SessionSummary[];
  score: ScoreKey;
}) {
  const label = SCORES.find((each) => each.key === score)?.label ?? score;
  const scored = [...sessions]
    .filter((s) => s.metrics?.[score] != null)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  if (scored.length === 0) return <NoScores />;
  const people = new Map<string, { name: string; sessions: SessionSummary[] }>();
  for (const session of scored) {
    const person = people.get(session.userId) ?? { name: session.userName, sessions: [] };
    person.sessions.push(session);
    people.set(session.userId, person);
  }
  const times = scored.map((s) => Date.parse(s.startedAt));
  const first = Math.min(...times);
  // A day either side, so that one day's sessions do not sit on the axes.
  const xDomain: [number, number] = [first - DAY_MS, Math.max(...times) + DAY_MS];
  const series = [...people].map(([userId, person], i) => ({
    id: userId,
    label: person.name,
    colour: PERSON_COLOURS[i % PERSON_COLOURS.length] ?? "",
    points: person.sessions.map((session) => ({
      x: Date.parse(session.startedAt),
      y: session.metrics?.[score] ?? null,
      label: `${person.name}: ${label.toLowerCase()} ${session.metrics?.[score] ?? "—"} · ${formatDate(session.startedAt)}`,
    })),
  }));
  const latest = series
    .map((each) => `${each.label} ${each.points.at(-1)?.y ?? "not scored"}`)
    .join(", ");
  return (
    <div className="space-y-2">
      <LineChart
        title={`${label} over time, by person`}
        summary={`${label} of ${scored.length} analysed sessions by ${people.size} ${people.size === 1 ? "person" : "people"}, one line each. Latest: ${latest}.`}
        series={series}
        xDomain={xDomain}
        xTicks={dayTicks(xDomain)}
        formatX={dateOf}
        yDomain={[0, 100]}
        yTicks={[0, 25, 50, 75, 100]}
        dots
        height={220}
      />
      {/* Named: the people are what tells the lines apart. */}
      <ChartLegend series={series} label="People" />
    </div>
  );
}

/** The key to a chart's lines; without a `label` it only repeats the chart's summary, so it is
 * hidden from screen readers. */
function ChartLegend({
  series,
  label,
}: {
  series: readonly { id: string; label: string; colour: string }[];
  label?: string;
}) {
  return (
    <ul
      className="flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400"
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {series.map((each) => (
        <li key={each.id} className="flex items-center gap-1.5">
          <span className={`inline-block h-0.5 w-4 bg-current ${each.colour}`} aria-hidden />
          {each.label}
        </li>
      ))}
    </ul>
  );
}

function NoData({ children }: { children: React.ReactNode }) {
  return <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{children}</p>;
}
