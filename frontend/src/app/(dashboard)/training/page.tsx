import type { Metadata } from "next";

import { TrainingHome } from "@/components/training/TrainingHome";

export const metadata: Metadata = { title: "Training" };

export default function TrainingPage() {
  return <TrainingHome />;
}
