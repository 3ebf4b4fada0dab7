/** The public face of this feature: other features and routes import only from here. */
export { PersonPage } from "./components/PersonPage";
export { TeamPage } from "./components/TeamPage";
export type { LeaderboardEntry, Member } from "./api";
export { useLeaderboardVisibility } from "./api";
