import type { Metadata } from "next";

import { RequireRole } from "@/components/layout/RequireRole";
import { TeamList } from "@/components/team/TeamList";
import { MANAGERS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Team" };

export default function TeamPage() {
  return (
    <RequireRole allowed={MANAGERS}>
      <TeamList />
    </RequireRole>
  );
}
