import type { Metadata } from "next";

import { SessionReport } from "@/features/training";

export const metadata: Metadata = { title: "Session report" };

export default function SessionReportPage() {
  return <SessionReport />;
}
