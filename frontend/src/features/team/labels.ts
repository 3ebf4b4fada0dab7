import { clock } from "@/features/training";

import type { MeasureKey, MeasureStatus, Period } from "./api";

type Tone = "neutral" | "success" | "warning" | "danger";

/** The key measures, in the order the heat map and the person page show them. */
export const MEASURES: { key: MeasureKey; label: string; format: (value: number) => string }[] = [
  { key: "overallScore", label: "Overall score", format: (v) => `${Math.round(v)}` },
  { key: "wordsPerMinute", label: "Words per minute", format: (v) => `${Math.round(v)}` },
  { key: "fillersPer100", label: "Fillers per 100 words", format: (v) => v.toFixed(1) },
  { key: "longestMonologueS", label: "Longest monologue", format: (v) => clock(v) },
  {
    key: "questionsAsked",
    label: "Questions per session",
    // An average of whole counts: a tenth only where the sessions differ.
    format: (v) => (Number.isInteger(v) ? `${v}` : v.toFixed(1)),
  },
  { key: "rubricPassRate", label: "Rubric pass rate", format: (v) => `${Math.round(v * 100)} %` },
];

/**
 * How a measure stands against the training targets. The colour is never the only cue: each
 * state has its word and its symbol, and the fills keep dark text readable (WCAG AA).
 */
/** A measure's state: against its target, "unrated" when it has a figure but no verdict. */
export type StatusKey = MeasureStatus | "unrated" | "none";

export function statusOf(value: number | null, status: MeasureStatus | null): StatusKey {
  if (value == null) return "none";
  return status ?? "unrated";
}

export const STATUS: Record<
  StatusKey,
  { label: string; symbol: string; tone: Tone; cell: string }
> = {
  good: {
    label: "On target",
    symbol: "✓",
    tone: "success",
    cell: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-50",
  },
  fair: {
    label: "Close",
    symbol: "~",
    tone: "warning",
    cell: "bg-amber-100 text-amber-950 dark:bg-amber-800/60 dark:text-amber-50",
  },
  poor: {
    label: "Off target",
    symbol: "!",
    tone: "danger",
    cell: "bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-50",
  },
  unrated: {
    label: "No target",
    symbol: "·",
    tone: "neutral",
    cell: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100",
  },
  none: {
    label: "No data",
    symbol: "–",
    tone: "neutral",
    cell: "bg-zinc-50 text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300",
  },
};

/** Rolling windows ending now (the server's team service). */
export const PERIODS: { value: Period; label: string }[] = [
  { value: "week", label: "Last 7 days" },
  { value: "month", label: "Last 30 days" },
  { value: "quarter", label: "Last 90 days" },
  { value: "all", label: "All time" },
];

/**
 * One colour per person in the trend lines: the Okabe-Ito palette, told apart by people with
 * colour-vision deficiencies; past eight people the dash pattern tells lines apart as well.
 */
const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#882255",
  "#117733",
];
const DASHES = [undefined, "6 3", "2 3"];

export function lineStyle(index: number): { stroke: string; strokeDasharray?: string } {
  return {
    stroke: PALETTE[index % PALETTE.length]!,
    strokeDasharray: DASHES[Math.floor(index / PALETTE.length) % DASHES.length],
  };
}

/** "+4" / "−3" / "±0" for a change in points, null when there is nothing to compare. */
export function signed(value: number | null | undefined, digits = 0): string | null {
  if (value == null) return null;
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return "±0";
  return rounded > 0 ? `+${rounded.toFixed(digits)}` : `−${Math.abs(rounded).toFixed(digits)}`;
}
