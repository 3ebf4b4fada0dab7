import { plural } from "@/lib/format";

import type { Measures } from "../api";
import { clock } from "../pace";
import { LEVEL_TARGET } from "../targets";

const one = (value: number | null | undefined, unit = "", digits = 0) =>
  value == null ? "—" : `${value.toFixed(digits)}${unit}`;

/** The raw measures behind the scores, as a definition list. */
export function KeyMeasures({ measures }: { measures: Measures }) {
  const rows: { label: string; value: string; hint?: string }[] = [
    { label: "Words per minute", value: one(measures.wordsPerMinute), hint: "target 140-160" },
    {
      label: "Fillers per 100 words",
      value: one(measures.fillersPer100Words, "", 1),
      hint: `${measures.fillerCount} in all, ${measures.hesitationCount} um/uh`,
    },
    {
      label: "Hedges per 100 words",
      value: one(measures.hedgesPer100Words, "", 1),
      hint: `${measures.hedgeCount} in all`,
    },
    { label: "Questions asked", value: String(measures.questionCount) },
    { label: "Longest monologue", value: clock(measures.longestMonologueS) },
    {
      label: "Longest pause",
      value: one(measures.longestPauseS, " s", 1),
      hint: plural(measures.pauseCount, "pause"),
    },
    {
      label: "Pitch variation",
      value: one(measures.pitchSdSemitones, " st", 1),
      hint: measures.monotone ? "monotone" : measures.monotone === false ? "lively" : undefined,
    },
    {
      label: "Speaking level",
      value: one(measures.speechDbfs, " dBFS"),
      hint: `target ${LEVEL_TARGET.low} to ${LEVEL_TARGET.high} dBFS`,
    },
    { label: "Loudness of the recording", value: one(measures.loudnessLufs, " LUFS") },
    { label: "Signal to noise", value: one(measures.snrDb, " dB") },
    { label: "Articulation rate", value: one(measures.articulationRate, " syl/s", 1) },
    {
      label: "Talk time",
      value: clock(measures.talkTimeS),
      hint: plural(measures.wordCount, "word"),
    },
    {
      label: "Clipping",
      value: `${measures.clippedPercent.toFixed(2)} %`,
      hint: "of samples at full scale",
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" data-testid="measures">
      {rows.map((row) => (
        <div
          key={row.label}
          className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
        >
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{row.label}</dt>
          <dd className="text-base font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
            {row.value}
          </dd>
          {row.hint && <dd className="text-xs text-zinc-500 dark:text-zinc-400">{row.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}
