import type { Metadata } from "next";

import { RequireRole } from "@/app-shell/RequireRole";
import { AdminUsers } from "@/features/admin";
import { ADMINS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Users" };

export default function AdminUsersPage() {
  return (
    <RequireRole allowed={ADMINS}>
      <AdminUsers />
    </RequireRole>
  );
}
