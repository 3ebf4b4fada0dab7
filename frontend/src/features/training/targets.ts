// The coaching targets the live readings and charts draw, from the server's defaults
// (carsales/training/speech/targets.py, documented in docs/training-measures.md).

/** Words per minute: the band to aim for, and the limits past which the coach speaks up. */
export const PACE_TARGET = { low: 140, high: 160, flagLow: 110, flagHigh: 175 } as const;
/** The span of speech each reading of the report's pace timeline covers (`pace_window_s`). */
export const PACE_WINDOW_S = 30;
/** The span the pace gauge draws. */
export const PACE_SCALE = { min: 80, max: 220 } as const;

/** Speaking level (dBFS) the volume score likes (`volume_level`): a good level inside the band,
 * "a little quiet/loud" up to the flags, "too quiet/loud" past them. The live meter's verdict
 * and the report's volume caption judge the same number (speech level, voice-active audio). */
export const LEVEL_TARGET = { low: -24, high: -16, flagLow: -34, flagHigh: -10 } as const;
export const QUIET_DBFS = LEVEL_TARGET.flagLow;
export const LOUD_DBFS = LEVEL_TARGET.flagHigh;
/** The level meter's span. */
export const LEVEL_SCALE = { min: -60, max: 0 } as const;

/** Talking this long without handing the turn over: time to ask the customer something. */
export const MONOLOGUE_LIMIT_S = 90;
