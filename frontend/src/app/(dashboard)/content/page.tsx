import type { Metadata } from "next";

import { ContentGenerator } from "@/features/content";

export const metadata: Metadata = { title: "Content" };

export default function ContentPage() {
  return <ContentGenerator />;
}
