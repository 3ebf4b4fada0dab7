"use client";

import Link from "next/link";
import { useState } from "react";

import { api } from "@/lib/api/client";
import { useSubmit } from "@/lib/useSubmit";
import { EMAIL_MAX_LENGTH, validateEmail } from "@/lib/validation";
import { Alert, Button, TextField } from "@/ui";

import { LINK_CLASSES } from "./AuthCard";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { pending, error, submit } = useSubmit();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = validateEmail(email);
    setFieldError(problem);
    if (problem) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/password/forgot", { body: { email: email.trim() } }),
    );
    if (result.ok) setSentTo(email.trim());
  };

  if (sentTo) {
    return (
      <div className="space-y-5">
        <Alert tone="success" title="Check your e-mail">
          If an account exists for <strong className="font-medium">{sentTo}</strong>, we have sent
          it a link to choose a new password. The link expires soon, so use it today.
        </Alert>
        <Link href="/login/" className={`block text-center text-sm ${LINK_CLASSES}`}>
          Back to sign in
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Reset your password">
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        label="E-mail"
        type="email"
        maxLength={EMAIL_MAX_LENGTH}
        name="email"
        autoComplete="email"
        autoFocus
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldError}
      />
      <Button type="submit" className="w-full" loading={pending}>
        Send reset link
      </Button>
    </form>
  );
}
