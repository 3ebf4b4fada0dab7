import type { Metadata } from "next";

import { AcceptInvitationScreen } from "@/components/auth/screens";

export const metadata: Metadata = { title: "Accept invitation" };

export default function AcceptInvitationPage() {
  return <AcceptInvitationScreen />;
}
