"use client";

// The signed-out pages as client components: they read the query string and route afterwards.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";

import { FullPageSpinner } from "@/app-shell/FullPageSpinner";
import { useAuth } from "@/lib/auth/AuthProvider";
import { safeNext } from "@/lib/auth/redirect";

import { AcceptInvitationForm } from "./AcceptInvitationForm";
import { AuthCard, LINK_CLASSES } from "./AuthCard";
import { ForgotPasswordForm } from "./ForgotPasswordForm";
import { LoginForm } from "./LoginForm";
import { ResetPasswordForm } from "./ResetPasswordForm";

function WithSearchParams({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<FullPageSpinner />}>{children}</Suspense>;
}

function Login() {
  const router = useRouter();
  const next = safeNext(useSearchParams().get("next"));
  const { state } = useAuth();
  useEffect(() => {
    if (state.status === "authenticated") router.replace(next);
  }, [state.status, router, next]);
  if (state.status !== "anonymous") return <FullPageSpinner />;
  return (
    <AuthCard title="Sign in to your dealership" description="Car Sales AI Assistant">
      <LoginForm onSuccess={() => router.replace(next)} />
    </AuthCard>
  );
}

function ResetPassword() {
  const token = useSearchParams().get("token");
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}

function AcceptInvitation() {
  const router = useRouter();
  const token = useSearchParams().get("token");
  return (
    <AuthCard
      title="Create your account"
      description="You have been invited to Car Sales AI Assistant."
    >
      <AcceptInvitationForm token={token} onSuccess={() => router.replace("/")} />
    </AuthCard>
  );
}

export function LoginScreen() {
  return (
    <WithSearchParams>
      <Login />
    </WithSearchParams>
  );
}

export function ForgotPasswordScreen() {
  return (
    <AuthCard
      title="Reset your password"
      description="Enter the e-mail you sign in with and we will send you a link."
      footer={
        <>
          Remembered it?{" "}
          <Link href="/login/" className={LINK_CLASSES}>
            Sign in
          </Link>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}

export function ResetPasswordScreen() {
  return (
    <WithSearchParams>
      <ResetPassword />
    </WithSearchParams>
  );
}

export function AcceptInvitationScreen() {
  return (
    <WithSearchParams>
      <AcceptInvitation />
    </WithSearchParams>
  );
}
