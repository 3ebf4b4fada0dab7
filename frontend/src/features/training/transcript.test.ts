import { describe, expect, it } from "vitest";

import { markCounts, paragraphs, type TranscriptWord } from "./transcript";

let clockTime = 0;
/** Words 0.3 s apart unless a pause is asked for. */
function words(spec: string, extra: (text: string) => Partial<TranscriptWord> = () => ({})) {
  return spec.split(" ").map((text) => {
    const pause = text.startsWith("|");
    const clean = pause ? text.slice(1) : text;
    if (pause) clockTime += 2.5;
    const word = { word: ` ${clean}`, start: clockTime, end: clockTime + 0.25, probability: 0.9 };
    clockTime += 0.3;
    return { ...word, ...extra(clean) };
  });
}

const FILLERS: Record<string, "hesitation" | "discourse"> = {
  um: "hesitation",
  uh: "hesitation",
  you: "discourse",
  know: "discourse",
  like: "discourse",
};
const HEDGES = new Set(["I", "think", "maybe", "kind", "of"]);
const bare = (text: string) => text.replace(/[,.]/g, "");
const tagged = (text: string) => ({
  filler: FILLERS[bare(text).toLowerCase()] ?? null,
  hedge: HEDGES.has(bare(text)),
});

describe("transcript highlighting", () => {
  it("marks fillers and hedges, joining the words of one phrase", () => {
    clockTime = 0;
    const result = paragraphs(words("Um, I think this car is, you know, kind of perfect.", tagged));
    expect(result).toHaveLength(1);
    expect(result[0]!.tokens.map((t) => [t.text, t.mark])).toEqual([
      ["Um,", "hesitation"],
      ["I think", "hedge"],
      ["this", null],
      ["car", null],
      ["is,", null],
      ["you know,", "discourse"],
      ["kind of", "hedge"],
      ["perfect.", null],
    ]);
    expect(markCounts(result)).toEqual({ hesitation: 1, discourse: 1, hedge: 2 });
  });

  it("keeps each token's timing from its first to its last word", () => {
    clockTime = 10;
    const [paragraph] = paragraphs(words("I think so.", tagged));
    const [phrase, rest] = paragraph!.tokens;
    expect(phrase!.text).toBe("I think");
    expect(phrase!.start).toBe(10);
    expect(phrase!.end).toBeCloseTo(10.55);
    expect(rest!.text).toBe("so.");
    expect(rest!.start).toBeCloseTo(10.6);
  });

  it("does not join two different marks, nor a mark with plain words", () => {
    clockTime = 0;
    const [paragraph] = paragraphs(words("um maybe like great", tagged));
    expect(paragraph!.tokens.map((t) => t.mark)).toEqual([
      "hesitation",
      "hedge",
      "discourse",
      null,
    ]);
  });

  it("starts a new paragraph at each silence of two seconds or more", () => {
    clockTime = 0;
    const result = paragraphs(words("Hello there. |How can I help? |Great."));
    expect(result.map((p) => p.tokens.map((t) => t.text).join(" "))).toEqual([
      "Hello there.",
      "How can I help?",
      "Great.",
    ]);
    expect(result[1]!.start).toBeCloseTo(3.1);
  });

  it("splits a very long monologue at a full stop", () => {
    clockTime = 0;
    const long = Array.from({ length: 70 }, (_, i) => (i === 64 ? "end." : "word")).join(" ");
    const result = paragraphs(words(long));
    expect(result.map((p) => p.tokens.length)).toEqual([65, 5]);
  });

  it("flags words the recogniser was unsure of, and skips empty ones", () => {
    const result = paragraphs([
      { word: " Hmm", start: 0, end: 0.2, probability: 0.3 },
      { word: " ", start: 0.2, end: 0.3 },
      { word: "fine", start: 0.4, end: 0.6, probability: 0.95 },
    ]);
    expect(result[0]!.tokens.map((t) => [t.text, t.unsure])).toEqual([
      ["Hmm", true],
      ["fine", false],
    ]);
  });

  it("has nothing to show for no words", () => {
    expect(paragraphs([])).toEqual([]);
  });
});
