import type { Metadata } from "next";

import { ResetPasswordScreen } from "@/features/auth";

export const metadata: Metadata = { title: "Reset password" };

export default function ResetPasswordPage() {
  return <ResetPasswordScreen />;
}
