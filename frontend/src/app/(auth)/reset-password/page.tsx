import type { Metadata } from "next";

import { ResetPasswordScreen } from "@/components/auth/screens";

export const metadata: Metadata = { title: "Reset password" };

export default function ResetPasswordPage() {
  return <ResetPasswordScreen />;
}
