import { DashboardLayout } from "@/app-shell/DashboardLayout";
import { NotificationBell } from "@/features/notifications";

export default function SignedInLayout({ children }: { children: React.ReactNode }) {
  return <DashboardLayout headerActions={<NotificationBell />}>{children}</DashboardLayout>;
}
