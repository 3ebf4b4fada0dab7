// Rows as the team API sends them, for the team feature's tests.
import type { Member } from "@/features/team";

let counter = 0;

export function makeMember(overrides: Partial<Member> = {}): Member {
  counter += 1;
  return {
    userId: `member${counter}`.padEnd(32, "0"),
    name: `Person ${counter}`,
    email: `person${counter}@demo.example`,
    sessions: { week: 1, days30: 4, total: 10 },
    scores: { confidence: 70, clarity: 72, pace: 65, volume: 80 },
    scoreTrend: { confidence: 2, clarity: -3, pace: null, volume: 0 },
    measures: {
      wordsPerMinute: 150,
      fillersPer100: 2.5,
      longestMonologueS: 75,
      questionsAsked: 3,
      rubricPassRate: 0.8,
      overallScore: 74,
    },
    measureStatus: {
      wordsPerMinute: "good",
      fillersPer100: "fair",
      longestMonologueS: "good",
      questionsAsked: "poor",
      rubricPassRate: "good",
      overallScore: null,
    },
    lastPracticeAt: "2026-11-30T10:00:00Z",
    assignments: { open: 0, overdue: 0 },
    certifications: [],
    ...overrides,
  };
}
