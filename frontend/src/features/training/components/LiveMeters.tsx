import { Badge, cx } from "@/ui";

import { gaugePosition, PACE_ZONES, paceZone } from "../pace";
import {
  LEVEL_SCALE,
  LEVEL_TARGET,
  LOUD_DBFS,
  PACE_SCALE,
  PACE_TARGET,
  QUIET_DBFS,
} from "../targets";

// The live readings beside the recorder: the microphone level, the pace gauge and small tiles.

/** The verdict on the speech level, as the report's volume caption gives it
 * (`level_verdict` in carsales/training/speech/scores.py): the same bands, the same number. */
export function levelVerdict(db: number | null, clipping: boolean): { text: string; tone: string } {
  if (clipping) return { text: "Clipping: move back a little", tone: "bg-red-500" };
  if (db === null) return { text: "Waiting for speech", tone: "bg-zinc-400" };
  if (db < QUIET_DBFS) return { text: "Too quiet: speak up", tone: "bg-red-400" };
  if (db > LOUD_DBFS) return { text: "Too loud", tone: "bg-amber-500" };
  if (db < LEVEL_TARGET.low) return { text: "A little quiet", tone: "bg-amber-400" };
  if (db > LEVEL_TARGET.high) return { text: "A little loud", tone: "bg-amber-400" };
  return { text: "Good level", tone: "bg-emerald-500" };
}

const levelPercent = (db: number) =>
  ((Math.min(LEVEL_SCALE.max, Math.max(LEVEL_SCALE.min, db)) - LEVEL_SCALE.min) /
    (LEVEL_SCALE.max - LEVEL_SCALE.min)) *
  100;

/** The microphone level, in dBFS, with the band a good speaking voice reaches. The bar moves
 * with the instant level; the verdict judges `speechDb`, the server's speech level over the
 * last 10 s of voice (gaps between words would read as "quiet" on the instant level). */
export function LevelMeter({
  db,
  speechDb,
  clipping,
}: {
  db: number | null;
  speechDb: number | null;
  clipping: boolean;
}) {
  const verdict = levelVerdict(speechDb, clipping);
  const value = db === null ? LEVEL_SCALE.min : Math.max(LEVEL_SCALE.min, Math.round(db));
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span id="level-label" className="font-medium text-zinc-800 dark:text-zinc-200">
          Microphone level
        </span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{verdict.text}</span>
      </div>
      <div
        role="meter"
        aria-labelledby="level-label"
        aria-valuemin={LEVEL_SCALE.min}
        aria-valuemax={LEVEL_SCALE.max}
        aria-valuenow={value}
        aria-valuetext={db === null ? "silent" : `${value} dBFS, ${verdict.text.toLowerCase()}`}
        className="relative h-3 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        data-testid="level-meter"
      >
        <span
          aria-hidden="true"
          className="absolute inset-y-0 border-x border-emerald-600/50 bg-emerald-500/15 dark:border-emerald-400/40"
          style={{
            left: `${levelPercent(LEVEL_TARGET.low)}%`,
            width: `${levelPercent(LEVEL_TARGET.high) - levelPercent(LEVEL_TARGET.low)}%`,
          }}
        />
        <span
          aria-hidden="true"
          className={cx("absolute inset-y-0 left-0 rounded-full", verdict.tone)}
          style={{ width: `${db === null ? 0 : levelPercent(db)}%` }}
        />
      </div>
    </div>
  );
}

const ZONES = [
  { from: PACE_SCALE.min, to: PACE_TARGET.flagLow, className: "bg-red-400/80" },
  { from: PACE_TARGET.flagLow, to: PACE_TARGET.low, className: "bg-amber-300" },
  { from: PACE_TARGET.low, to: PACE_TARGET.high, className: "bg-emerald-500" },
  { from: PACE_TARGET.high, to: PACE_TARGET.flagHigh, className: "bg-amber-300" },
  { from: PACE_TARGET.flagHigh, to: PACE_SCALE.max, className: "bg-red-400/80" },
];
const percent = (wpm: number) => `${gaugePosition(wpm) * 100}%`;

/** Words per minute over the last 30 s, on a scale coloured by the coach's limits. */
export function PaceGauge({ wordsPerMinute }: { wordsPerMinute: number | null }) {
  const zone = paceZone(wordsPerMinute);
  const { label, tone } = PACE_ZONES[zone];
  const rounded = wordsPerMinute === null ? null : Math.round(wordsPerMinute);
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <span id="pace-label" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Pace
        </span>
        <Badge tone={tone}>{label}</Badge>
      </div>
      <p className="text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
        {rounded ?? "—"}
        <span className="ml-1 text-sm font-normal text-zinc-500 dark:text-zinc-400">words/min</span>
      </p>
      <div
        role="meter"
        aria-labelledby="pace-label"
        aria-valuemin={PACE_SCALE.min}
        aria-valuemax={PACE_SCALE.max}
        aria-valuenow={rounded ?? undefined}
        aria-valuetext={
          rounded === null
            ? "not enough speech yet"
            : `${rounded} words per minute, ${label.toLowerCase()}`
        }
        data-testid="pace-gauge"
        data-zone={zone}
      >
        <div className="relative h-5" aria-hidden="true">
          <div className="relative h-2 overflow-hidden rounded-full">
            {ZONES.map((fill) => (
              <span
                key={fill.from}
                className={cx("absolute inset-y-0", fill.className)}
                style={{
                  left: percent(fill.from),
                  width: `calc(${percent(fill.to)} - ${percent(fill.from)})`,
                }}
              />
            ))}
          </div>
          {rounded !== null && (
            <span
              className="absolute top-2 -ml-[6px] size-0 border-x-[6px] border-b-[9px] border-x-transparent border-b-zinc-900 transition-[left] duration-300 dark:border-b-zinc-100"
              style={{ left: percent(rounded) }}
            />
          )}
        </div>
        <div
          className="flex justify-between text-[11px] tabular-nums text-zinc-500 dark:text-zinc-400"
          aria-hidden="true"
        >
          <span>{PACE_SCALE.min}</span>
          <span>
            target {PACE_TARGET.low}-{PACE_TARGET.high}
          </span>
          <span>{PACE_SCALE.max}</span>
        </div>
      </div>
    </div>
  );
}

export function Stat({
  label,
  value,
  hint,
  warn = false,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  warn?: boolean;
  testId?: string;
}) {
  return (
    <div
      className="rounded-lg border border-zinc-200 px-3 py-2.5 dark:border-zinc-800"
      data-testid={testId}
    >
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd
        className={cx(
          "mt-0.5 text-lg font-semibold tabular-nums",
          warn ? "text-amber-700 dark:text-amber-400" : "text-zinc-900 dark:text-zinc-50",
        )}
      >
        {value}
      </dd>
      {hint && <dd className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</dd>}
    </div>
  );
}
