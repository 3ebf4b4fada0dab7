import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { AuditLog } from "@/features/admin";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <AuditLog />
    </RequireRole>
  );
}
