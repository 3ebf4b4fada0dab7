import type { Metadata } from "next";

import { AdminUsers } from "@/components/admin/AdminUsers";
import { RequireRole } from "@/components/layout/RequireRole";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Users" };

export default function AdminUsersPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <AdminUsers />
    </RequireRole>
  );
}
