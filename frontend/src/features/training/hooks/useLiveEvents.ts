"use client";

import { useEffect, useState } from "react";

import { onSocketEvent } from "@/lib/socket";

import { parseLiveEvent, type FeedbackItem, type LiveMetrics } from "../events";
import type { TranscriptWord } from "../transcript";

export interface LiveState {
  metrics: LiveMetrics | null;
  /** The live transcript so far, in time order. */
  words: TranscriptWord[];
  /** Newest first. */
  feedback: FeedbackItem[];
}

const EMPTY: LiveState = { metrics: null, words: [], feedback: [] };

/** What the server says about a live session while it is recorded (training.* events). */
export function useLiveEvents(sessionId: string): LiveState {
  // Kept with the session it belongs to, so another session starts from nothing.
  const [state, setState] = useState<LiveState & { sessionId: string }>({
    ...EMPTY,
    sessionId,
  });
  useEffect(
    () =>
      onSocketEvent((name, data) => {
        const event = parseLiveEvent(name, data, sessionId);
        if (!event) return;
        setState((previous) => {
          const before = previous.sessionId === sessionId ? previous : { ...EMPTY, sessionId };
          switch (event.kind) {
            case "metrics":
              // Events can cross: never step back in time.
              if (before.metrics && event.metrics.timeS < before.metrics.timeS) return before;
              return { ...before, metrics: event.metrics };
            case "transcript": {
              const words = [...before.words, ...event.words].sort((a, b) => a.start - b.start);
              return { ...before, words };
            }
            case "feedback":
              return { ...before, feedback: [event.item, ...before.feedback] };
          }
        });
      }),
    [sessionId],
  );
  return state.sessionId === sessionId ? state : { ...EMPTY };
}
