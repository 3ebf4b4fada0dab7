import { DashboardLayout } from "@/components/layout/DashboardLayout";

export default function SignedInLayout({ children }: { children: React.ReactNode }) {
  return <DashboardLayout>{children}</DashboardLayout>;
}
