import type { Metadata } from "next";

import { TeamPage } from "@/features/team";

export const metadata: Metadata = { title: "Team" };

/** Managers and admins see the dashboard, salespeople the leaderboard (TeamPage decides). */
export default function TeamRoute() {
  return <TeamPage />;
}
