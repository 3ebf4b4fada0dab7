import type { AssignmentStatus, Attempt } from "./api";

type Tone = "neutral" | "brand" | "success" | "warning" | "danger";

export const STATUS: Record<AssignmentStatus, { label: string; tone: Tone }> = {
  open: { label: "Open", tone: "brand" },
  overdue: { label: "Overdue", tone: "danger" },
  done: { label: "Done", tone: "success" },
};

/** 0 is Monday, as the API counts. */
export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/** The weekday of a date as the API counts (0 Monday .. 6 Sunday). */
export const weekdayOf = (date: Date) => (date.getDay() + 6) % 7;

/** An attempt's result in words: its overall score and rubric. */
export function attemptScore(attempt: Attempt): string {
  const parts = [
    attempt.overallScore != null && `overall ${attempt.overallScore}`,
    attempt.rubricTotal ? `rubric ${attempt.rubricPassed ?? 0}/${attempt.rubricTotal}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "not scored";
}
