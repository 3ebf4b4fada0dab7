"use client";

import Link from "next/link";
import { useState } from "react";

import { api } from "@/lib/api/client";
import { useSubmit } from "@/lib/useSubmit";
import {
  collectErrors,
  hasErrors,
  validateConfirmation,
  validateNewPassword,
  type FieldErrors,
} from "@/lib/validation";
import { Alert, Button } from "@/ui";

import { LINK_CLASSES } from "./AuthCard";
import { NewPasswordFields } from "./NewPasswordFields";

export function ResetPasswordForm({ token }: { token: string | null }) {
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"password" | "confirmation">>({});
  const [done, setDone] = useState(false);
  const [tokenRejected, setTokenRejected] = useState(false);
  const { pending, error, submit } = useSubmit();

  if (!token) {
    return (
      <div className="space-y-5">
        <Alert tone="error" title="This link is incomplete">
          The reset link has no token. Open the link from the e-mail again, or ask for a new one.
        </Alert>
        <Link href="/forgot-password/" className={`block text-center text-sm ${LINK_CLASSES}`}>
          Request a new link
        </Link>
      </div>
    );
  }

  if (done) {
    return (
      <div className="space-y-5">
        <Alert tone="success" title="Password changed">
          Your password has been changed and your other sessions were signed out. Sign in with the
          new password.
        </Alert>
        <Link href="/login/" className={`block text-center text-sm ${LINK_CLASSES}`}>
          Go to sign in
        </Link>
      </div>
    );
  }

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = collectErrors({
      password: validateNewPassword(password),
      confirmation: validateConfirmation(password, confirmation),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/password/reset", { body: { token, password } }),
    );
    if (result.ok) setDone(true);
    else setTokenRejected(result.code === "invalid_token");
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Choose a new password">
      {error && (
        <Alert tone="error">
          {error}
          {tokenRejected && (
            <>
              {" "}
              <Link href="/forgot-password/" className="font-medium underline">
                Request a new link
              </Link>
            </>
          )}
        </Alert>
      )}
      <NewPasswordFields
        password={password}
        confirmation={confirmation}
        onPassword={setPassword}
        onConfirmation={setConfirmation}
        errors={errors}
      />
      <Button type="submit" className="w-full" loading={pending}>
        Set new password
      </Button>
    </form>
  );
}
