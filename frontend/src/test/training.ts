import type { Scenario, Session } from "@/features/training";

/** A training session as the API returns it: a live one just started, unless overridden. */
export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    id: "s".repeat(32),
    userId: "u".repeat(32),
    userName: "Sam Seller",
    sessionType: "pitch",
    scenarioId: null,
    scenarioTitle: null,
    status: "active",
    source: "live",
    startedAt: "2026-11-26T10:00:00Z",
    endedAt: null,
    durationS: null,
    metrics: null,
    analysis: null,
    scenario: null,
    liveParts: 0,
    liveSeconds: 0,
    hasAudio: false,
    model: null,
    transcript: null,
    words: [],
    measures: null,
    feedback: [],
    timelines: null,
    rubric: [],
    overall: null,
    passed: null,
    judgement: null,
    mode: "solo",
    turns: null,
    ...overrides,
  };
}

/** A built-in scenario as the scenarios API lists it. */
export function makeScenario(
  overrides: Partial<Scenario> & Pick<Scenario, "id" | "title" | "sessionType">,
): Scenario {
  return {
    builtin: true,
    persona: "",
    situation: "",
    vehicle: "",
    customerLines: [],
    rubric: [],
    passMark: 70,
    customer: null,
    ...overrides,
  };
}
