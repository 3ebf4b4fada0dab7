// The live session's Socket.IO events (server -> client), checked before use: a payload is
// untrusted until it has the shape this page needs, and events of other sessions are ignored.
// Their types are generated from the backend (training/live/protocol.py).
import type { LiveFeedback, LiveMetrics as LiveMetricsEvent } from "@/lib/api/types";

import type { FillerKind, TranscriptWord } from "./transcript";

export type FeedbackType = LiveFeedback["type"];
export type Severity = LiveFeedback["severity"];
export type LiveMetrics = Omit<LiveMetricsEvent, "sessionId">;
export type FeedbackItem = Omit<LiveFeedback, "sessionId">;

export type LiveEvent =
  | { kind: "metrics"; metrics: LiveMetrics }
  | { kind: "transcript"; words: TranscriptWord[] }
  | { kind: "feedback"; item: FeedbackItem };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const finite = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const num = (value: unknown) => (finite(value) ? value : 0);
const numOrNull = (value: unknown) => (finite(value) ? value : null);
const oneOf = <T extends string>(value: unknown, choices: readonly T[]): T | null =>
  typeof value === "string" && (choices as readonly string[]).includes(value) ? (value as T) : null;

// Every value the generated types allow, no more: a change on the server fails the typecheck.
const FILLERS = Object.keys({
  hesitation: true,
  discourse: true,
} as const satisfies Record<FillerKind, true>) as FillerKind[];
const TYPES = Object.keys({
  suggestion: true,
  correction: true,
  praise: true,
} as const satisfies Record<FeedbackType, true>) as FeedbackType[];
const SEVERITIES = Object.keys({
  low: true,
  medium: true,
  high: true,
} as const satisfies Record<Severity, true>) as Severity[];

function parseWord(value: unknown): TranscriptWord | null {
  if (!isRecord(value) || typeof value.word !== "string") return null;
  if (!finite(value.start) || !finite(value.end)) return null;
  return {
    word: value.word,
    start: value.start,
    end: value.end,
    probability: numOrNull(value.probability) ?? undefined,
    filler: oneOf(value.filler, FILLERS),
    hedge: value.hedge === true,
  };
}

/** A feedback item from a `training.feedback` event. */
function parseFeedback(value: unknown): FeedbackItem | null {
  if (!isRecord(value) || typeof value.message !== "string" || !finite(value.timestamp)) {
    return null;
  }
  return {
    timestamp: value.timestamp,
    type: oneOf(value.type, TYPES) ?? "suggestion",
    message: value.message,
    severity: oneOf(value.severity, SEVERITIES) ?? "low",
    rule: typeof value.rule === "string" ? value.rule : "",
  };
}

/** The event as this page understands it, or null (another session's, or not a live event). */
export function parseLiveEvent(name: string, data: unknown, sessionId: string): LiveEvent | null {
  if (!isRecord(data) || data.sessionId !== sessionId) return null;
  switch (name) {
    case "training.metrics":
      return {
        kind: "metrics",
        metrics: {
          timeS: num(data.timeS),
          speaking: data.speaking === true,
          wordsPerMinute: numOrNull(data.wordsPerMinute),
          fillersLastMinute: num(data.fillersLastMinute),
          monologueS: num(data.monologueS),
          levelDbfs: numOrNull(data.levelDbfs),
          speechDbfs: numOrNull(data.speechDbfs),
          clippingEvents: num(data.clippingEvents),
          talkTimeS: num(data.talkTimeS),
          wordCount: num(data.wordCount),
        },
      };
    case "training.transcript": {
      if (!Array.isArray(data.words)) return null;
      const words = data.words.map(parseWord).filter((w): w is TranscriptWord => w !== null);
      return { kind: "transcript", words };
    }
    case "training.feedback": {
      const item = parseFeedback(data);
      return item && { kind: "feedback", item };
    }
    default:
      return null;
  }
}
