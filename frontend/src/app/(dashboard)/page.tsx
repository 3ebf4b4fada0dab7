import type { Metadata } from "next";

import { DashboardHome } from "@/components/dashboard/DashboardHome";

export const metadata: Metadata = { title: "Overview" };

export default function HomePage() {
  return <DashboardHome />;
}
