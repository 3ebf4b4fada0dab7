import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { PersonPage } from "@/features/team";
import { MANAGERS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Team member" };

export default function TeamPersonRoute() {
  return (
    <RequireRole allowed={MANAGERS}>
      <PersonPage />
    </RequireRole>
  );
}
