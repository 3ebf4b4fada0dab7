"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { CHART_TOOLTIP, chartLegendLabel, RowTh, Table, Td, Th } from "@/ui";

import type { Histogram } from "../api";
import { lineStyle } from "../labels";

// The dashboard's charts (Recharts) and the tables that carry the same figures. Axis text and
// grid take the surrounding text colour, so both themes stay legible.

const HEIGHT = 280;
/** Until the container is measured (and in tests, which have no layout). */
const INITIAL = { width: 640, height: HEIGHT };
const AXIS = { fill: "currentColor", fontSize: 12 };

const weekFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** "Nov 3" for the ISO date a week starts on. */
export function weekLabel(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00`);
  return Number.isNaN(date.getTime()) ? isoDate : weekFormat.format(date);
}

export interface WeeklySeries {
  id: string;
  label: string;
  /** One value per week, null for a week without analysed sessions. */
  values: (number | null)[];
}

/** One line per series over the weeks, 0-100, with a tooltip per week. */
export function WeeklyLines({
  weeks,
  series,
  label,
}: {
  weeks: readonly string[];
  series: readonly WeeklySeries[];
  /** What the chart shows, for screen readers (the table view has the figures). */
  label: string;
}) {
  const rows = weeks.map((week, i) => ({
    week: weekLabel(week),
    ...Object.fromEntries(series.map((s) => [s.id, s.values[i] ?? null])),
  }));
  return (
    <figure className="text-zinc-600 dark:text-zinc-400" aria-label={label}>
      <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={INITIAL}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="week" tick={AXIS} stroke="currentColor" />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={AXIS} stroke="currentColor" />
          <Tooltip
            {...CHART_TOOLTIP}
            formatter={(value) => (value == null ? "—" : Math.round(Number(value)))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={chartLegendLabel} />
          {series.map((s, i) => (
            <Line
              key={s.id}
              dataKey={s.id}
              name={s.label}
              type="monotone"
              strokeWidth={2}
              {...lineStyle(i)}
              dot={{ r: 3 }}
              // A week without practice is a gap in the data, not a fall to zero.
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The figures of WeeklyLines: a row per series, a column per week. */
export function WeeklyTable({
  caption,
  weeks,
  series,
  rowHeader,
}: {
  caption: string;
  weeks: readonly string[];
  series: readonly WeeklySeries[];
  rowHeader: string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th compact>{rowHeader}</Th>
          {weeks.map((week) => (
            <Th key={week} compact className="text-right">
              {weekLabel(week)}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {series.map((s) => (
          <tr key={s.id}>
            <RowTh compact>{s.label}</RowTh>
            {weeks.map((week, i) => {
              const value = s.values[i];
              return (
                <Td key={week} compact className="text-right tabular-nums">
                  {value == null ? "—" : Math.round(value)}
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const formatBound = (value: number) => `${Number(value.toFixed(1))}`;

/** "140–150"; the first and last bins also count what lies beyond them, and say so. */
function rangeLabel(bins: Histogram["bins"], index: number): string {
  const bin = bins[index]!;
  if (index === 0 && bins.length > 1) return `under ${formatBound(bin.to)}`;
  if (index === bins.length - 1 && bins.length > 1) return `${formatBound(bin.from)} and over`;
  return `${formatBound(bin.from)}–${formatBound(bin.to)}`;
}
/** Whether a bin lies inside the target band. */
const inBand = (bin: Histogram["bins"][number], target: Histogram["target"]) =>
  bin.from >= target.low && bin.to <= target.high;

const IN_TARGET = "#009E73";
const OUTSIDE = "#0072B2";

/** A histogram with the target band shaded and the bars inside it in another colour. */
export function HistogramChart({
  histogram,
  unit,
  label,
}: {
  histogram: Histogram;
  unit: string;
  label: string;
}) {
  const rows = histogram.bins.map((bin, i) => ({
    range: rangeLabel(histogram.bins, i),
    count: bin.count,
    inTarget: inBand(bin, histogram.target),
  }));
  const inside = rows.filter((row) => row.inTarget);
  return (
    <figure className="text-zinc-600 dark:text-zinc-400" aria-label={label}>
      <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={INITIAL}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          {inside.length > 0 && (
            <ReferenceArea
              x1={inside[0]!.range}
              x2={inside.at(-1)!.range}
              fill={IN_TARGET}
              fillOpacity={0.12}
              label={{ value: "target", position: "insideTop", fill: "currentColor", fontSize: 12 }}
            />
          )}
          <XAxis dataKey="range" tick={AXIS} stroke="currentColor" />
          <YAxis allowDecimals={false} tick={AXIS} stroke="currentColor" />
          <Tooltip
            {...CHART_TOOLTIP}
            labelFormatter={(range) => `${range} ${unit}`}
            formatter={(value) => [value, "Sessions"]}
          />
          <Bar dataKey="count" name="Sessions" isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.range} fill={row.inTarget ? IN_TARGET : OUTSIDE} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="mt-2 text-xs">
        Target {histogram.target.low}–{histogram.target.high} {unit}: shaded, bars inside it in
        green.
      </p>
    </figure>
  );
}

/** The figures of HistogramChart. */
export function HistogramTable({
  histogram,
  unit,
  caption,
}: {
  histogram: Histogram;
  unit: string;
  caption: string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Range ({unit})</Th>
          <Th className="text-right">Sessions</Th>
          <Th>Against the target</Th>
        </tr>
      </thead>
      <tbody>
        {histogram.bins.map((bin, i) => (
          <tr key={bin.from}>
            <Td className="tabular-nums">{rangeLabel(histogram.bins, i)}</Td>
            <Td className="text-right tabular-nums">{bin.count}</Td>
            <Td>{inBand(bin, histogram.target) ? "Within target" : "Outside target"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
