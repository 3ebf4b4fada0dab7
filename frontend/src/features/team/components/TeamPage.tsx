"use client";

import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { PageHeader } from "@/ui";

import { Leaderboard } from "./Leaderboard";
import { TeamDashboard } from "./TeamDashboard";

/** Managers and admins get the dashboard; salespeople the leaderboard (when it is public). */
export function TeamPage() {
  const me = useUser();
  if (hasRole(me.role, MANAGERS)) return <TeamDashboard />;
  return (
    <>
      <PageHeader
        title="Leaderboard"
        description="How the dealership's salespeople rank on practice: level and improvement."
      />
      <Leaderboard />
    </>
  );
}
