import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { DealershipSettings } from "@/features/admin";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Dealership" };

export default function AdminDealershipPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <DealershipSettings />
    </RequireRole>
  );
}
