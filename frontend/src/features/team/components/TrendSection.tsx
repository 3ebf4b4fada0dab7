"use client";

import { SCORES } from "@/features/training";
import { ChartSection, EmptyState, ListError, ListLoading } from "@/ui";

import type { PersonTrend, TrendPoint, Trends } from "../api";
import { WeeklyLines, WeeklyTable, type WeeklySeries } from "./charts";

export type TrendScore = Exclude<keyof TrendPoint, "week" | "sessions">;

export const TREND_SCORES: { value: TrendScore; label: string }[] = [
  { value: "overall", label: "Overall" },
  ...SCORES.map((score) => ({ value: score.key, label: score.label })),
];

/** A person's `score` in each of the weeks (points may leave out weeks without practice). */
export function weeklyValues(
  weeks: readonly string[],
  person: PersonTrend,
  score: TrendScore,
): (number | null)[] {
  const byWeek = new Map(person.points.map((point) => [point.week.slice(0, 10), point[score]]));
  return weeks.map((week) => byWeek.get(week.slice(0, 10)) ?? null);
}

/** Weekly lines with their table view, in the states of a query. */
export function TrendSection({
  id,
  title,
  description,
  actions,
  query,
  series,
  rowHeader,
  plural,
  emptyNote,
  maxLines = Infinity,
}: {
  id: string;
  title: string;
  description: string;
  actions?: React.ReactNode;
  query: { isPending: boolean; error: Error | null; data?: Trends; refetch: () => unknown };
  /** The lines, most important first (the chart may leave out the last ones). */
  series: (trends: Trends) => WeeklySeries[];
  rowHeader: string;
  /** What the lines are, for the note when the chart leaves some out: "people". */
  plural: string;
  /** When a line appears, for the chart that has none yet. */
  emptyNote: string;
  /** More lines than this are a tangle: the chart draws the first ones, the table all. */
  maxLines?: number;
}) {
  let chart: React.ReactNode;
  let table: React.ReactNode = null;
  if (query.isPending) chart = <ListLoading label="Loading the trend…" />;
  else if (query.error || !query.data)
    chart = (
      <ListError
        message={query.error?.message ?? "The trend could not be loaded."}
        onRetry={() => void query.refetch()}
      />
    );
  else {
    const lines = series(query.data);
    const weeks = query.data.weeks;
    const drawn = lines.slice(0, maxLines);
    // Axes and a legend with no line read as a broken chart; the table still lists the weeks.
    const empty = lines.every((line) => line.values.every((value) => value == null));
    chart = empty ? (
      <EmptyState title="No scores in this period yet">{emptyNote}</EmptyState>
    ) : (
      <>
        <WeeklyLines weeks={weeks} series={drawn} label={`${title}: ${description}`} />
        {lines.length > drawn.length && (
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            The chart draws the first {maxLines} of the {lines.length} {plural}; the table view
            lists them all.
          </p>
        )}
      </>
    );
    table = <WeeklyTable caption={title} weeks={weeks} series={lines} rowHeader={rowHeader} />;
  }
  return (
    <ChartSection
      id={id}
      title={title}
      description={description}
      actions={actions}
      chart={chart}
      table={table ?? chart}
    />
  );
}
