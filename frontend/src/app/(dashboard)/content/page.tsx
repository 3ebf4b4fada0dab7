import type { Metadata } from "next";

import { ModulePlaceholder } from "@/components/dashboard/ModulePlaceholder";
import { MODULES } from "@/components/dashboard/modules";

export const metadata: Metadata = { title: "Content" };

export default function ContentPage() {
  const { title, description, icon, plans } = MODULES.content;
  return (
    <ModulePlaceholder title={title} description={description} icon={icon} plans={[...plans]} />
  );
}
