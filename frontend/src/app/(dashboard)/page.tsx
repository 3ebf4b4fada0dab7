import type { Metadata } from "next";

import { DashboardHome } from "@/features/dashboard";

export const metadata: Metadata = { title: "Overview" };

export default function HomePage() {
  return <DashboardHome />;
}
