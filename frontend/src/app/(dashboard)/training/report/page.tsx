import type { Metadata } from "next";

import { SessionReport } from "@/components/training/SessionReport";

export const metadata: Metadata = { title: "Session report" };

export default function SessionReportPage() {
  return <SessionReport />;
}
