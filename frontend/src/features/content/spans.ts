// Where the linter's findings fall in a text: the pieces to draw, each with the findings that
// cover it, and where a disclosure goes when the user accepts a fix.
import type { Finding, Severity } from "./api";

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export interface Piece {
  text: string;
  start: number;
  /** The findings covering this piece, most severe first; empty for plain text. */
  findings: Finding[];
}

/** Cuts the text at every finding's start and end; overlapping spans share a piece. */
export function piecesOf(text: string, findings: readonly Finding[]): Piece[] {
  const spans = findings.filter(
    (finding) => finding.end > finding.start && finding.start < text.length,
  );
  const cuts = new Set<number>([0, text.length]);
  for (const { start, end } of spans) {
    cuts.add(Math.max(0, start));
    cuts.add(Math.min(text.length, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = spans
      .filter((finding) => finding.start <= start && finding.end >= end)
      .sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    const last = pieces[pieces.length - 1];
    // Neighbouring plain pieces merge, so the mirror has as few nodes as possible.
    if (last && covering.length === 0 && last.findings.length === 0)
      last.text += text.slice(start, end);
    else pieces.push({ text: text.slice(start, end), start, findings: covering });
  }
  return pieces;
}

/**
 * Puts a disclosure right after the sentence that holds the trigger: the rules ask for the terms
 * "clearly and conspicuously", next to the claim rather than at the foot of a long post.
 */
export function insertDisclosure(
  text: string,
  finding: Pick<Finding, "end">,
  disclosure: string,
): { text: string; caret: number } {
  const after = text.slice(finding.end);
  const stop = after.search(/[.!?](\s|$)|\n/);
  let at = stop < 0 ? text.length : finding.end + stop + (after[stop] === "\n" ? 0 : 1);
  // Keep hashtags and sign-offs that start a new line below the disclosure.
  if (at > text.length) at = text.length;
  const before = text.slice(0, at);
  const rest = text.slice(at);
  const glue = before.length === 0 || /\s$/.test(before) ? "" : " ";
  const inserted = `${glue}${disclosure.trim()}`;
  return { text: before + inserted + rest, caret: at + inserted.length };
}

export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (!worst || RANK[finding.severity] > RANK[worst]) worst = finding.severity;
  }
  return worst;
}
