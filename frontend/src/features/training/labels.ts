import type { FeedbackType, Severity } from "./events";

type Tone = "neutral" | "brand" | "success" | "warning" | "danger";

export type SessionType = "pitch" | "objection" | "closing";

export const SESSION_TYPES: { value: SessionType; label: string; description: string }[] = [
  {
    value: "pitch",
    label: "Pitch",
    description: "Present a vehicle: walkaround, features turned into benefits.",
  },
  {
    value: "objection",
    label: "Objection",
    description: "Handle price, trade-in, payment and “I need to think about it”.",
  },
  {
    value: "closing",
    label: "Closing",
    description: "Ask for the sale: assumptive, alternative choice, summary.",
  },
];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  pitch: "Pitch",
  objection: "Objection",
  closing: "Closing",
};

export const FEEDBACK_TYPES: Record<FeedbackType, { label: string; tone: Tone }> = {
  praise: { label: "Praise", tone: "success" },
  suggestion: { label: "Suggestion", tone: "brand" },
  correction: { label: "Correction", tone: "warning" },
};

export const SEVERITIES: Record<Severity, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};

export type ScoreKey = "confidence" | "clarity" | "pace" | "volume";

/** The four scores, with the colour each has in every chart. */
export const SCORES: { key: ScoreKey; label: string; colour: string; description: string }[] = [
  {
    key: "confidence",
    label: "Confidence",
    colour: "text-brand-600 dark:text-brand-400",
    description: "Few hedges and hesitations, a lively pitch, a voice that carries.",
  },
  {
    key: "clarity",
    label: "Clarity",
    colour: "text-emerald-600 dark:text-emerald-400",
    description: "Few fillers, clearly recognisable words, an easy articulation rate.",
  },
  {
    key: "pace",
    label: "Pace",
    colour: "text-amber-600 dark:text-amber-400",
    description: "Words per minute within 140-160.",
  },
  {
    key: "volume",
    label: "Volume",
    colour: "text-fuchsia-600 dark:text-fuchsia-400",
    description: "A steady speaking level, clear of background noise and clipping.",
  },
];

/** The text colour of a score in each tone: 700 on light backgrounds, as the 600s of green and
 * amber fall short of 4.5:1 on white for small text. */
export const SCORE_TEXT: Record<Tone, string> = {
  success: "text-emerald-700 dark:text-emerald-400",
  warning: "text-amber-700 dark:text-amber-400",
  danger: "text-red-600 dark:text-red-400",
  neutral: "text-zinc-500 dark:text-zinc-400",
  brand: "text-brand-600 dark:text-brand-400",
};

/** The tone of a 0-100 score. */
export function scoreTone(score: number | null | undefined): Tone {
  if (score == null) return "neutral";
  if (score >= 80) return "success";
  if (score >= 60) return "warning";
  return "danger";
}
