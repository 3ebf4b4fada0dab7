import type { Metadata } from "next";

import { TrainingHistory } from "@/features/training";

export const metadata: Metadata = { title: "Training history" };

export default function TrainingHistoryPage() {
  return <TrainingHistory />;
}
