import { describe, expect, it } from "vitest";

import {
  canRoleplay,
  conversationOutcome,
  isNegativeMove,
  liveConversation,
  parseCustomerEvent,
  patienceText,
  reportTurns,
  storedReplies,
  talkRatioText,
  type Turn,
} from "./roleplay";
import type { TranscriptWord } from "./transcript";

const ID = "s".repeat(32);

const line = (overrides: Partial<Turn> & Pick<Turn, "speaker" | "start" | "end">): Turn => ({
  text: "",
  audioUrl: null,
  move: null,
  moves: [],
  objection: null,
  outcome: null,
  ...overrides,
});
const OPENING = line({
  speaker: "customer",
  start: 0,
  end: 4,
  text: "It's more than I want to spend.",
  audioUrl: "/api/v1/sessions/s/turns/0/audio",
  objection: true,
});

const word = (text: string, start: number): TranscriptWord => ({
  word: text,
  start,
  end: start + 0.3,
  filler: null,
  hedge: false,
});

describe("the customer's event", () => {
  it("is read for this session only, with its outcome when the conversation ends", () => {
    const event = {
      sessionId: ID,
      turn: 2,
      text: "Deal.",
      audioUrl: "/a",
      durationS: 1.2,
      start: 14.5,
      final: true,
    };
    expect(parseCustomerEvent("training.customer", { ...event, outcome: "agreed" }, ID)).toEqual({
      turn: 2,
      text: "Deal.",
      audioUrl: "/a",
      durationS: 1.2,
      start: 14.5,
      final: true,
      outcome: "agreed",
    });
    // No voice on the server: the text alone (the browser may read it).
    expect(
      parseCustomerEvent("training.customer", { ...event, audioUrl: null }, ID)?.audioUrl,
    ).toBeNull();
    expect(parseCustomerEvent("training.customer", event, "other")).toBeNull();
    expect(parseCustomerEvent("training.feedback", event, ID)).toBeNull();
    expect(parseCustomerEvent("training.customer", { ...event, turn: "2" }, ID)).toBeNull();
    // An outcome the page does not know is no outcome.
    expect(
      parseCustomerEvent("training.customer", { ...event, outcome: "maybe" }, ID)?.outcome,
    ).toBeNull();
  });
});

describe("the live conversation", () => {
  const reply = { audioUrl: null, durationS: 1, final: false, outcome: null };

  it("puts the salesperson's words before the reply that followed them, even when they arrive late", () => {
    const replies = [
      { ...reply, turn: 2, text: "Which one?", start: 8 },
      { ...reply, turn: 4, text: "Too expensive.", start: 12 },
    ];
    // "truck" (said at 6 s) was transcribed after the first reply came; "Hello" was said while
    // the customer spoke (the server did not listen to it).
    const words = [word("Hello", 3), word("Mark,", 5), word("what", 9), word("truck", 6)];
    expect(liveConversation([OPENING], words, replies)).toEqual([
      { speaker: "customer", text: "It's more than I want to spend.", objection: true },
      { speaker: "salesperson", text: "Mark, truck" },
      { speaker: "customer", text: "Which one?" },
      { speaker: "salesperson", text: "what" },
      { speaker: "customer", text: "Too expensive." },
    ]);
    expect(liveConversation([OPENING], [...words, word("Great.", 13)], replies).at(-1)).toEqual({
      speaker: "salesperson",
      text: "Great.",
    });
  });

  it("shows stored turns once: a reply the page has read again is not repeated", () => {
    const stored = [
      OPENING,
      line({ speaker: "salesperson", start: 5, end: 7, text: "Which dealer?" }),
      line({ speaker: "customer", start: 8, end: 9, text: "Which one?" }),
    ];
    const replies = [{ ...reply, turn: 2, text: "Which one?", start: 8 }];
    expect(liveConversation(stored, [word("Which", 5), word("dealer?", 6)], replies)).toEqual([
      { speaker: "customer", text: "It's more than I want to spend.", objection: true },
      { speaker: "salesperson", text: "Which dealer?", objection: null },
      { speaker: "customer", text: "Which one?", objection: null },
    ]);
  });

  it("takes the customer's stored lines as replies, numbered by their turn", () => {
    const stored = [
      OPENING,
      line({ speaker: "salesperson", start: 5, end: 7, text: "Deal?" }),
      line({ speaker: "customer", start: 8, end: 9.5, text: "Deal.", outcome: "agreed" }),
    ];
    expect(storedReplies(stored)).toEqual([
      {
        turn: 0,
        text: "It's more than I want to spend.",
        audioUrl: "/api/v1/sessions/s/turns/0/audio",
        durationS: 4,
        start: 0,
        final: false,
        outcome: null,
      },
      {
        turn: 2,
        text: "Deal.",
        audioUrl: null,
        durationS: 1.5,
        start: 8,
        final: true,
        outcome: "agreed",
      },
    ]);
    expect(conversationOutcome(stored)).toBe("agreed");
    expect(conversationOutcome(stored.slice(0, 2))).toBeNull();
  });
});

describe("the report's conversation", () => {
  it("gives each answer to an objection the pause before it, and each turn what it did", () => {
    const turns = reportTurns([
      OPENING,
      line({
        speaker: "salesperson",
        start: 5.5,
        end: 8,
        text: "I hear you.",
        moves: ["acknowledged"],
      }),
      line({ speaker: "customer", start: 9, end: 10, text: "Okay." }),
      line({ speaker: "salesperson", start: 10.2, end: 12, text: "Sign here.", moves: ["pushed"] }),
    ]);
    expect(turns[1]).toEqual({
      speaker: "salesperson",
      text: "I hear you.",
      start: 5.5,
      objection: null,
      moves: ["acknowledged"],
      pauseS: 1.5,
    });
    // No objection stood before it: no patience to show.
    expect(turns[3]).not.toHaveProperty("pauseS");
    expect(turns[0]).toMatchObject({ speaker: "customer", objection: true });
  });
});

describe("the moves that cost the customer's trust", () => {
  it("are an insult or a rival run down, a push and an early discount, and nothing else", () => {
    expect(["disrespected", "pushed", "discounted"].every(isNegativeMove)).toBe(true);
    expect(["closed", "asked", "acknowledged", "showed value"].some(isNegativeMove)).toBe(false);
  });
});

describe("which scenarios can be role-played", () => {
  it("needs a customer graph, or lines and rubric items to make one", () => {
    const graphless = { customer: null, customerLines: ["Too much."], rubric: [] };
    expect(canRoleplay(graphless)).toBe(false);
    const item = { id: "acknowledge", label: "Acknowledge", phrases: [], exemplars: null };
    expect(canRoleplay({ ...graphless, rubric: [item] })).toBe(true);
  });
});

describe("the conversation measures in words", () => {
  it("says whether the talk ratio left the customer room", () => {
    expect(talkRatioText(0.82)).toMatch(/^You did 82 % of the talking: the customer had little/);
    expect(talkRatioText(0.5)).toMatch(/balanced/);
    expect(talkRatioText(0.25)).toMatch(/you listened well/);
  });

  it("says whether the pause before answering an objection showed listening", () => {
    expect(patienceText(1.6)).toMatch(/paused 1\.6 s .* could tell you listened/);
    expect(patienceText(0.3)).toMatch(/after 0\.3 s: that sounds like a ready-made retort/);
  });
});
