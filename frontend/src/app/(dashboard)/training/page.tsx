import type { Metadata } from "next";

import { TrainingHome } from "@/features/training";

export const metadata: Metadata = { title: "Training" };

export default function TrainingPage() {
  return <TrainingHome />;
}
