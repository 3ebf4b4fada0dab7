import type { Metadata } from "next";

import { ModulePlaceholder } from "@/components/dashboard/ModulePlaceholder";
import { MODULES } from "@/components/dashboard/modules";

export const metadata: Metadata = { title: "Training" };

export default function TrainingPage() {
  const { title, description, icon, plans } = MODULES.training;
  return (
    <ModulePlaceholder title={title} description={description} icon={icon} plans={[...plans]} />
  );
}
