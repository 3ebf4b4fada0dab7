// Turns the word-level transcript into what the report shows: paragraphs at each change of
// turn, with fillers and hedges marked as spans ("you know" and "I think" are one mark each).

import type { LiveWord } from "@/lib/api/types";

export type FillerKind = NonNullable<LiveWord["filler"]>;

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
  probability?: number;
  filler?: FillerKind | null;
  hedge?: boolean;
}

export type Mark = "hesitation" | "discourse" | "hedge" | null;

export interface Token {
  text: string;
  start: number;
  end: number;
  mark: Mark;
  /** The recogniser was unsure of every word in it. */
  unsure: boolean;
}

export interface Paragraph {
  start: number;
  tokens: Token[];
}

/** A silence this long hands the turn over (the server's `turn_pause_s`): a new paragraph. */
export const TURN_PAUSE_S = 2;
/** Past this many words a paragraph ends at the next full stop, to stay readable. */
const LONG_PARAGRAPH_WORDS = 60;
const UNSURE_BELOW = 0.5;

function markOf(word: TranscriptWord): Mark {
  if (word.filler) return word.filler;
  return word.hedge ? "hedge" : null;
}

const endsSentence = (text: string) => /[.!?]["')\]]*$/.test(text);

export function paragraphs(words: readonly TranscriptWord[]): Paragraph[] {
  const result: Paragraph[] = [];
  let current: Paragraph | null = null;
  let count = 0;
  let previous: TranscriptWord | null = null;
  for (const word of words) {
    const text = word.word.trim();
    if (!text) continue;
    const breakHere =
      !current ||
      (previous !== null && word.start - previous.end >= TURN_PAUSE_S) ||
      (count >= LONG_PARAGRAPH_WORDS && previous !== null && endsSentence(previous.word.trim()));
    if (breakHere) {
      current = { start: word.start, tokens: [] };
      result.push(current);
      count = 0;
    }
    const mark = markOf(word);
    const unsure = word.probability !== undefined && word.probability < UNSURE_BELOW;
    const last = current!.tokens.at(-1);
    // Consecutive words of the same kind of mark are one phrase.
    if (last && mark !== null && last.mark === mark) {
      last.text = `${last.text} ${text}`;
      last.end = word.end;
      last.unsure = last.unsure && unsure;
    } else {
      current!.tokens.push({ text, start: word.start, end: word.end, mark, unsure });
    }
    count += 1;
    previous = word;
  }
  return result;
}

/** How many marks of each kind the transcript holds (a phrase counts once). */
export function markCounts(paras: readonly Paragraph[]): Record<Exclude<Mark, null>, number> {
  const counts = { hesitation: 0, discourse: 0, hedge: 0 };
  for (const paragraph of paras) {
    for (const token of paragraph.tokens) if (token.mark) counts[token.mark] += 1;
  }
  return counts;
}
