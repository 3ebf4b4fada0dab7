// Role-play: the customer answers back. The `training.customer` event (checked before use, like
// the other live events), the conversation as turns, and the two conversation measures in words.
import type { CustomerEvent } from "@/lib/api/types";

import type { Scenario, Session } from "./api";
import { isRecord } from "./events";
import type { TranscriptWord } from "./transcript";

export const CUSTOMER_EVENT = "training.customer";
/** The client's "I have finished talking": the customer answers without waiting for silence. */
export const TURN_END_EVENT = "training.turn_end";

export type Mode = Session["mode"];
/** One turn of the conversation, as the report lists them. */
export type Turn = NonNullable<Session["turns"]>[number];
export type Speaker = Turn["speaker"];
/** What the customer said after a turn of the salesperson's (`training.customer`). */
export type CustomerReply = Omit<CustomerEvent, "sessionId">;
export type Outcome = NonNullable<CustomerReply["outcome"]>;

export const OUTCOME_TITLES: Record<Outcome, string> = {
  agreed: "The customer agreed",
  walked_away: "The customer walked away",
};

/** Whether the scenario has a customer to play: its own dialogue graph, or lines to object with
 * and rubric items that answer them (the server then makes a plain one). */
export function canRoleplay(
  scenario: Pick<Scenario, "customer" | "customerLines" | "rubric">,
): boolean {
  return (
    scenario.customer != null || (scenario.customerLines.length > 0 && scenario.rubric.length > 0)
  );
}

/** Moves that cost the salesperson the customer's trust (pressure, a discount thrown in, an
 * insult or a rival run down). */
const NEGATIVE_MOVES = new Set(["disrespected", "pushed", "discounted"]);

export function isNegativeMove(move: string): boolean {
  return NEGATIVE_MOVES.has(move);
}

/** The customer's reply, or null (another session's, or not the customer's event). */
export function parseCustomerEvent(
  name: string,
  data: unknown,
  sessionId: string,
): CustomerReply | null {
  if (name !== CUSTOMER_EVENT || !isRecord(data) || data.sessionId !== sessionId) return null;
  const { turn, text, audioUrl, durationS, start, final, outcome } = data;
  if (typeof turn !== "number" || !Number.isInteger(turn) || typeof text !== "string") return null;
  const seconds = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) ? Math.max(0, value) : 0;
  return {
    turn,
    text,
    audioUrl: typeof audioUrl === "string" ? audioUrl : null,
    durationS: seconds(durationS),
    start: seconds(start),
    final: final === true,
    outcome: outcome === "agreed" || outcome === "walked_away" ? outcome : null,
  };
}

/** A turn as the conversation view shows it; the report adds its time and what it did. */
export type ConversationTurn = Pick<Turn, "speaker" | "text"> &
  Partial<Pick<Turn, "start" | "objection" | "moves">> & {
    /** The salesperson's pause before answering an objection (seconds). */
    pauseS?: number;
  };

/** The customer's stored lines as replies: a turn's index is its `turn`. */
export function storedReplies(turns: readonly Turn[]): CustomerReply[] {
  return turns.flatMap((turn, index) =>
    turn.speaker === "customer"
      ? [
          {
            turn: index,
            text: turn.text,
            audioUrl: turn.audioUrl,
            durationS: Math.max(0, turn.end - turn.start),
            start: turn.start,
            final: turn.outcome != null,
            outcome: turn.outcome,
          },
        ]
      : [],
  );
}

/**
 * The conversation so far: the turns stored when the page last read the session, then what
 * came live since: the salesperson's words up to the moment each reply was sent (session time),
 * then the reply; words said since the last reply form the turn in progress.
 */
export function liveConversation(
  stored: readonly Turn[],
  words: readonly TranscriptWord[],
  replies: readonly CustomerReply[],
): ConversationTurn[] {
  const turns: ConversationTurn[] = stored.map(({ speaker, text, objection }) => ({
    speaker,
    text,
    objection,
  }));
  let from = stored.at(-1)?.end ?? 0;
  const said = (until: number) =>
    words
      .filter((word) => word.start >= from && word.start < until)
      .map((word) => word.word)
      .join(" ");
  const later = replies.filter((reply) => reply.turn >= stored.length);
  for (const reply of [...later].sort((a, b) => a.turn - b.turn)) {
    const text = said(reply.start);
    if (text) turns.push({ speaker: "salesperson", text });
    turns.push({ speaker: "customer", text: reply.text });
    from = reply.start;
  }
  const rest = said(Number.POSITIVE_INFINITY);
  if (rest) turns.push({ speaker: "salesperson", text: rest });
  return turns;
}

/** The report's turns: each answer to an objection carries the pause before it. */
export function reportTurns(turns: readonly Turn[]): ConversationTurn[] {
  return turns.map((turn, index) => {
    const before = turns[index - 1];
    const answersObjection =
      turn.speaker === "salesperson" && before?.speaker === "customer" && before.objection;
    return {
      speaker: turn.speaker,
      text: turn.text,
      start: turn.start,
      objection: turn.objection,
      moves: turn.moves,
      ...(answersObjection && { pauseS: Math.max(0, turn.start - before.end) }),
    };
  });
}

/** How the conversation ended; null while it goes on, or when it was stopped before an end. */
export function conversationOutcome(turns: readonly Turn[]): Outcome | null {
  return turns.find((turn) => turn.outcome)?.outcome ?? null;
}

/** The salesperson's share of the talking that leaves the customer room: top reps listen about
 * as much as they talk (docs/training-measures.md). */
export const TALK_RATIO_BAND = { low: 0.4, high: 0.6 } as const;
/** A pause before answering an objection this long shows it was heard (top reps: about 1.5 s;
 * a quick retort: 0.3 s). */
export const PATIENCE_GOOD_S = 1.0;

/** What the talk ratio (the salesperson's share of the talking, 0-1) means. */
export function talkRatioText(ratio: number): string {
  const share = `You did ${Math.round(ratio * 100)} % of the talking`;
  if (ratio > TALK_RATIO_BAND.high) {
    return `${share}: the customer had little room to say what matters to them. Ask, then listen.`;
  }
  if (ratio < TALK_RATIO_BAND.low) {
    return `${share}: you listened well; make sure you also lead the customer to a next step.`;
  }
  return `${share}: a balanced conversation, as top reps have (40-60 %).`;
}

/** What patience (the median pause before answering an objection, seconds) means. */
export function patienceText(seconds: number): string {
  const pause = `${seconds.toFixed(1)} s`;
  if (seconds >= PATIENCE_GOOD_S) {
    return `You paused ${pause} before answering an objection: the customer could tell you listened. Top reps pause about 1.5 s.`;
  }
  return `You answered objections after ${pause}: that sounds like a ready-made retort. Top reps pause about 1.5 s, long enough to show they listened.`;
}
