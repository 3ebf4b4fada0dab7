import type { Metadata } from "next";

import { ScriptExecutor } from "@/features/images";

export const metadata: Metadata = { title: "Images" };

export default function ImagesPage() {
  return <ScriptExecutor />;
}
