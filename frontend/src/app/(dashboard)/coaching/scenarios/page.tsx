import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { ScenariosPage } from "@/features/scenarios";
import { MANAGERS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Scenarios" };

export default function Scenarios() {
  return (
    <RequireRole allowed={MANAGERS}>
      <ScenariosPage />
    </RequireRole>
  );
}
