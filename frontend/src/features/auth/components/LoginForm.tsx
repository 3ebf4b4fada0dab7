"use client";

import Link from "next/link";
import { useRef, useState } from "react";

import { api } from "@/lib/api/client";
import type { AuthenticatedResult, User } from "@/lib/api/types";
import { session } from "@/lib/auth/session";
import { useSubmit } from "@/lib/useSubmit";
import {
  collectErrors,
  EMAIL_MAX_LENGTH,
  hasErrors,
  validateEmail,
  validateRequired,
  validateTotp,
  type FieldErrors,
} from "@/lib/validation";
import { Alert, Button, TextField } from "@/ui";

import { LINK_CLASSES } from "./AuthCard";

type Step = { kind: "credentials" } | { kind: "two_factor"; challengeToken: string };

/** E-mail and password, then (for accounts with 2FA) an authenticator or recovery code. */
export function LoginForm({ onSuccess }: { onSuccess: (user: User) => void }) {
  const [step, setStep] = useState<Step>({ kind: "credentials" });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"email" | "password">>({});
  const { pending, error, setError, submit } = useSubmit();

  const finish = (result: AuthenticatedResult) => {
    session.signIn(result.accessToken, result.user);
    onSuccess(result.user);
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    // A refusal of the previous attempt must not sit above this attempt's own field errors.
    setError(null);
    const found = collectErrors({
      email: validateEmail(email),
      password: validateRequired(password, "Enter your password."),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/login", { body: { email: email.trim(), password } }),
    );
    if (!result.ok) return;
    if (result.data.status === "two_factor_required") {
      setPassword("");
      setStep({ kind: "two_factor", challengeToken: result.data.challengeToken });
    } else {
      finish(result.data);
    }
  };

  if (step.kind === "two_factor") {
    return (
      <TwoFactorStep
        challengeToken={step.challengeToken}
        onSuccess={finish}
        onRestart={() => {
          setError(null);
          setStep({ kind: "credentials" });
        }}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Sign in">
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        label="E-mail"
        type="email"
        maxLength={EMAIL_MAX_LENGTH}
        name="email"
        autoComplete="username"
        autoFocus
        value={email}
        onChange={(event) => {
          setEmail(event.target.value);
          setError(null);
        }}
        error={errors.email}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          setError(null);
        }}
        error={errors.password}
        aside={
          <Link href="/forgot-password/" className={`text-sm ${LINK_CLASSES}`}>
            Forgot password?
          </Link>
        }
      />
      <Button type="submit" className="w-full" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}

function TwoFactorStep({
  challengeToken,
  onSuccess,
  onRestart,
}: {
  challengeToken: string;
  onSuccess: (result: AuthenticatedResult) => void;
  onRestart: () => void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { pending, error, setError, submit } = useSubmit();
  const input = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = useRecovery
      ? validateRequired(code, "Enter one of your recovery codes.")
      : validateTotp(code);
    setFieldError(problem);
    if (problem) return;
    const value = useRecovery ? code.trim() : code.replace(/\s+/g, "");
    const result = await submit(() =>
      api.POST("/api/v1/auth/login/two-factor", { body: { challengeToken, code: value } }),
    );
    if (result.ok) onSuccess(result.data);
    else setCode("");
  };

  const toggle = () => {
    setUseRecovery((value) => !value);
    setCode("");
    setFieldError(null);
    setError(null);
    input.current?.focus();
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-5"
      aria-label="Two-factor authentication"
    >
      <div>
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Two-factor authentication
        </h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          {useRecovery
            ? "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once."
            : "Enter the 6-digit code from your authenticator app."}
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        ref={input}
        key={useRecovery ? "recovery" : "totp"}
        label={useRecovery ? "Recovery code" : "Authentication code"}
        name="code"
        autoComplete="one-time-code"
        inputMode={useRecovery ? "text" : "numeric"}
        maxLength={useRecovery ? 64 : 7}
        autoFocus
        className={useRecovery ? "font-mono" : "font-mono tracking-[0.3em]"}
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={fieldError}
      />
      <Button type="submit" className="w-full" loading={pending}>
        Verify
      </Button>
      <div className="flex items-center justify-between text-sm">
        <button type="button" onClick={toggle} className={LINK_CLASSES}>
          {useRecovery ? "Use authenticator app" : "Use a recovery code"}
        </button>
        <button
          type="button"
          onClick={onRestart}
          className="rounded-sm text-zinc-500 hover:text-zinc-800 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-400 dark:hover:text-zinc-200"
        >
          Start over
        </button>
      </div>
    </form>
  );
}
