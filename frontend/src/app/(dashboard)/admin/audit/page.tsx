import type { Metadata } from "next";

import { AuditLog } from "@/components/admin/AuditLog";
import { RequireRole } from "@/components/layout/RequireRole";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <AuditLog />
    </RequireRole>
  );
}
