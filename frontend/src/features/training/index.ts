/** The public face of this feature: other features and routes import only from here. */
export { trainingKeys, useAssignments, useScenarios, useSessions } from "./api";
export type { Scenario, Session } from "./api";
export { SessionCell } from "./components/SessionCell";
export { SCORE_TEXT, SCORES, scoreTone, SESSION_TYPES } from "./labels";
export type { SessionType } from "./labels";
export { reportHref } from "./links";
export { clock } from "./pace";
export { TrainingHistory } from "./components/TrainingHistory";
export { TrainingHome } from "./components/TrainingHome";
export { SessionReport } from "./report/SessionReport";
