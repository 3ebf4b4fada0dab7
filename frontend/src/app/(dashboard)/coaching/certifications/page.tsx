import type { Metadata } from "next";

import { CertificationsPage } from "@/features/coaching";

export const metadata: Metadata = { title: "Certifications" };

export default function Certifications() {
  return <CertificationsPage />;
}
