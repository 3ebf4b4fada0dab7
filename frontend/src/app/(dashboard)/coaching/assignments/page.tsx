import type { Metadata } from "next";

import { AssignmentsPage } from "@/features/coaching";

export const metadata: Metadata = { title: "Assignments" };

export default function Assignments() {
  return <AssignmentsPage />;
}
