import type { Metadata } from "next";

import { ScriptExecutor } from "@/components/images/ScriptExecutor";

export const metadata: Metadata = { title: "Images" };

export default function ImagesPage() {
  return <ScriptExecutor />;
}
