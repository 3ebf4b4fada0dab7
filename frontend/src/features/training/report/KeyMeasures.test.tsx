import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { KeyMeasures } from "./KeyMeasures";

const measures = {
  wordsPerMinute: null,
  fillersPer100Words: null,
  fillerCount: 0,
  hesitationCount: 0,
  hedgesPer100Words: null,
  hedgeCount: 0,
  questionCount: 0,
  longestMonologueS: 0,
  longestPauseS: null,
  pauseCount: 0,
  pitchSdSemitones: null,
  monotone: null,
  speechDbfs: null,
  loudnessLufs: -20.4,
  snrDb: null,
  articulationRate: null,
  talkTimeS: 0,
  wordCount: 0,
  clippedPercent: 0,
};

describe("KeyMeasures", () => {
  it("keeps the speaking level, its target and the recording's loudness apart", () => {
    render(<KeyMeasures measures={measures as never} />);
    const level = screen.getByText("Speaking level").parentElement!;
    expect(level).toHaveTextContent("Speaking level—target -24 to -16 dBFS");
    expect(level).not.toHaveTextContent("LUFS");
    expect(screen.getByText("Loudness of the recording").parentElement).toHaveTextContent(
      "Loudness of the recording-20 LUFS",
    );
  });

  it("agrees its counts with their nouns", () => {
    render(<KeyMeasures measures={{ ...measures, pauseCount: 1, wordCount: 1 } as never} />);
    expect(screen.getByText("1 pause")).toBeInTheDocument();
    expect(screen.getByText("1 word")).toBeInTheDocument();
  });
});
