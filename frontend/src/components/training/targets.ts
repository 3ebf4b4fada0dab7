// The coaching targets the live readings and charts draw, from the server's defaults
// (carsales/training/speech/targets.py, documented in docs/training-measures.md).

/** Words per minute: the band to aim for, and the limits past which the coach speaks up. */
export const PACE_TARGET = { low: 140, high: 160, flagLow: 110, flagHigh: 175 } as const;
/** The span the pace gauge draws. */
export const PACE_SCALE = { min: 80, max: 220 } as const;

/** Speaking level (dBFS) the volume score likes, and where it is too quiet or too loud. */
export const LEVEL_TARGET = { low: -28, high: -14 } as const;
export const QUIET_DBFS = -40;
export const LOUD_DBFS = -10;
/** The level meter's span. */
export const LEVEL_SCALE = { min: -60, max: 0 } as const;

/** Talking this long without handing the turn over: time to ask the customer something. */
export const MONOLOGUE_LIMIT_S = 90;
