import type { Metadata } from "next";

import { ModulePlaceholder } from "@/components/dashboard/ModulePlaceholder";
import { MODULES } from "@/components/dashboard/modules";

export const metadata: Metadata = { title: "Images" };

export default function ImagesPage() {
  const { title, description, icon, plans } = MODULES.images;
  return (
    <ModulePlaceholder title={title} description={description} icon={icon} plans={[...plans]} />
  );
}
