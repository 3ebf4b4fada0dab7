import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { TeamList } from "@/features/team";
import { MANAGERS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Team" };

export default function TeamPage() {
  return (
    <RequireRole allowed={MANAGERS}>
      <TeamList />
    </RequireRole>
  );
}
