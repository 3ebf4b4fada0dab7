// The pace gauge's reading of words per minute: a band of 140-160 to aim for, flagged below 110
// and above 175, where the live coach says so.
import { PACE_SCALE, PACE_TARGET } from "./targets";

export type PaceZone = "unknown" | "slow" | "slowish" | "good" | "fastish" | "fast";
type Tone = "neutral" | "success" | "warning" | "danger";

export function paceZone(wordsPerMinute: number | null | undefined): PaceZone {
  if (wordsPerMinute == null || !Number.isFinite(wordsPerMinute)) return "unknown";
  const { low, high, flagLow, flagHigh } = PACE_TARGET;
  if (wordsPerMinute < flagLow) return "slow";
  if (wordsPerMinute > flagHigh) return "fast";
  if (wordsPerMinute < low) return "slowish";
  if (wordsPerMinute > high) return "fastish";
  return "good";
}

export const PACE_ZONES: Record<PaceZone, { label: string; tone: Tone }> = {
  unknown: { label: "Waiting for speech", tone: "neutral" },
  slow: { label: "Too slow", tone: "danger" },
  slowish: { label: "A little slow", tone: "warning" },
  good: { label: "On target", tone: "success" },
  fastish: { label: "A little fast", tone: "warning" },
  fast: { label: "Too fast", tone: "danger" },
};

/** Where a rate sits on the gauge, from 0 (left end) to 1 (right end), clamped. */
export function gaugePosition(wordsPerMinute: number): number {
  const { min, max } = PACE_SCALE;
  return Math.min(1, Math.max(0, (wordsPerMinute - min) / (max - min)));
}

/** "1:05" for 65 seconds; "12:00" for 720. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
