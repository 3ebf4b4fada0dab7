import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { UsagePage } from "@/features/analytics";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Usage" };

export default function AdminAnalyticsPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <UsagePage />
    </RequireRole>
  );
}
