"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { CHART_TOOLTIP, chartLegendLabel, ChartSection, Table, Td, Th } from "@/ui";

// The usage page's charts (Recharts) and the tables that carry the same figures. Colours are
// the Okabe-Ito palette, told apart with colour-blindness too; axis text takes the text colour.

const HEIGHT = 260;
/** Until the container is measured (and in tests, which have no layout). */
const INITIAL = { width: 640, height: HEIGHT };
const AXIS = { fill: "currentColor", fontSize: 12 };
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

const weekFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** "Week of Nov 3" for the ISO date a week starts on (read as a calendar day, not UTC). */
export function weekLabel(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00`);
  return Number.isNaN(date.getTime()) ? isoDate : weekFormat.format(date);
}

export interface Series {
  key: string;
  label: string;
  /** One value per week. */
  values: readonly (number | null)[];
}

/** Bars per week, one per series side by side, or `stacked` into one. */
export function WeeklyBars({
  weeks,
  series,
  label,
  stacked = false,
}: {
  weeks: readonly string[];
  series: readonly Series[];
  /** What the chart shows, for screen readers (the table view has the figures). */
  label: string;
  stacked?: boolean;
}) {
  const rows = weeks.map((week, i) => ({
    week: weekLabel(week),
    ...Object.fromEntries(series.map((s) => [s.key, s.values[i] ?? 0])),
  }));
  return (
    <div className="text-zinc-600 dark:text-zinc-400" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={INITIAL}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="week" tick={AXIS} stroke="currentColor" />
          <YAxis allowDecimals={false} tick={AXIS} stroke="currentColor" />
          <Tooltip {...CHART_TOOLTIP} labelFormatter={(week) => `Week of ${week}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={chartLegendLabel} />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={PALETTE[i % PALETTE.length]}
              stackId={stacked ? "all" : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The figures of a chart: a row per week, a column per series. */
export function WeeklyTable({
  caption,
  weeks,
  series,
  format = (value) => (value == null ? "—" : value.toLocaleString()),
}: {
  caption: string;
  weeks: readonly string[];
  series: readonly Series[];
  format?: (value: number | null | undefined) => string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Week of</Th>
          {series.map((s) => (
            <Th key={s.key} className="text-right">
              {s.label}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={week}>
            <Th scope="row" className="bg-transparent normal-case tracking-normal">
              {weekLabel(week)}
            </Th>
            {series.map((s) => (
              <Td key={s.key} className="text-right tabular-nums">
                {format(s.values[i])}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A card with the weekly bars of `series` and their table; the table may show more columns
 * (`tableSeries`) than the chart draws. */
export function UsageSection({
  id,
  title,
  description,
  label,
  weeks,
  series,
  tableSeries = series,
  stacked,
}: {
  id: string;
  title: string;
  description?: string;
  /** What the chart shows, for screen readers. */
  label: string;
  weeks: readonly string[];
  series: readonly Series[];
  tableSeries?: readonly Series[];
  stacked?: boolean;
}) {
  return (
    <ChartSection
      id={id}
      title={title}
      description={description}
      chart={<WeeklyBars weeks={weeks} series={series} label={label} stacked={stacked} />}
      table={<WeeklyTable caption={title} weeks={weeks} series={tableSeries} />}
    />
  );
}
