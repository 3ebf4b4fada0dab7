import { describe, expect, it } from "vitest";

import type { LiveFeedback, LiveMetrics, LiveTranscript } from "@/lib/api/types";

import { parseLiveEvent } from "./events";

// Typed as the generated payloads: a member added on the server must be added here.
const sessionId = "s".repeat(32);
const metrics: LiveMetrics = {
  sessionId,
  timeS: 12.5,
  speaking: true,
  wordsPerMinute: 182.4,
  fillersLastMinute: 3,
  monologueS: 41.2,
  levelDbfs: -18.5,
  speechDbfs: null,
  clippingEvents: 0,
  talkTimeS: 10.25,
  wordCount: 31,
};
const feedback: LiveFeedback = {
  sessionId,
  timestamp: 12.1,
  type: "correction",
  message: "Slow down a little.",
  severity: "medium",
  rule: "pace",
};
const transcript: LiveTranscript = {
  sessionId,
  words: [{ word: "um", start: 1.2, end: 1.4, probability: 0.91, filler: "hesitation" }],
};

describe("parseLiveEvent", () => {
  it("keeps every member of the server's payloads", () => {
    const { sessionId: _m, ...measures } = metrics;
    expect(parseLiveEvent("training.metrics", metrics, sessionId)).toEqual({
      kind: "metrics",
      metrics: measures,
    });
    const { sessionId: _f, ...item } = feedback;
    expect(parseLiveEvent("training.feedback", feedback, sessionId)).toEqual({
      kind: "feedback",
      item,
    });
    expect(parseLiveEvent("training.transcript", transcript, sessionId)).toEqual({
      kind: "transcript",
      words: [{ ...transcript.words[0], hedge: false }],
    });
  });

  it("ignores another session's events and unknown ones", () => {
    expect(parseLiveEvent("training.metrics", metrics, "t".repeat(32))).toBeNull();
    expect(parseLiveEvent("training.audio", metrics, sessionId)).toBeNull();
  });
});
