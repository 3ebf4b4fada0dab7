import type { Metadata } from "next";

import { AcceptInvitationScreen } from "@/features/auth";

export const metadata: Metadata = { title: "Accept invitation" };

export default function AcceptInvitationPage() {
  return <AcceptInvitationScreen />;
}
