import { DashboardLayout } from "@/app-shell/DashboardLayout";

export default function SignedInLayout({ children }: { children: React.ReactNode }) {
  return <DashboardLayout>{children}</DashboardLayout>;
}
