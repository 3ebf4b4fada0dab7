import type { Metadata } from "next";

import { ContentGenerator } from "@/components/content/ContentGenerator";

export const metadata: Metadata = { title: "Content" };

export default function ContentPage() {
  return <ContentGenerator />;
}
