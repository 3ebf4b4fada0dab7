import type { Metadata } from "next";

import { TrainingHistory } from "@/components/training/TrainingHistory";

export const metadata: Metadata = { title: "Training history" };

export default function TrainingHistoryPage() {
  return <TrainingHistory />;
}
