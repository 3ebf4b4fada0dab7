"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { ROLE_LABELS, type User } from "@/lib/api/types";
import { session } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { useSubmit } from "@/lib/useSubmit";
import {
  collectErrors,
  hasErrors,
  validateConfirmation,
  validateNewPassword,
  type FieldErrors,
} from "@/lib/validation";
import { Alert, Button, Spinner, TextField } from "@/ui";

import { LINK_CLASSES } from "./AuthCard";
import { NameFields, validateNames, type Names } from "./NameFields";
import { NewPasswordFields } from "./NewPasswordFields";

type Fields = "firstName" | "lastName" | "password" | "confirmation";

export function AcceptInvitationForm({
  token,
  onSuccess,
}: {
  token: string | null;
  onSuccess: (user: User) => void;
}) {
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/auth/invitations/{token}", { params: { path: { token: token ?? "" } } }),
      ),
    enabled: Boolean(token),
    retry: false,
  });
  const [names, setNames] = useState<Names>({ firstName: "", lastName: "" });
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors<Fields>>({});
  const { pending, error, submit } = useSubmit();

  if (!token) {
    return (
      <Alert tone="error" title="This link is incomplete">
        The invitation link has no token. Open the link from the e-mail again.
      </Alert>
    );
  }
  if (invitation.isPending) {
    return (
      <div
        className="flex items-center justify-center gap-2 py-6 text-sm text-zinc-500 dark:text-zinc-400"
        role="status"
      >
        <Spinner /> Checking your invitation…
      </div>
    );
  }
  if (invitation.isError) {
    return (
      <div className="space-y-5">
        <Alert tone="error" title="This invitation cannot be used">
          {invitation.error.message} Ask your dealership&apos;s admin to send a new invitation.
        </Alert>
        <Link href="/login/" className={`block text-center text-sm ${LINK_CLASSES}`}>
          Go to sign in
        </Link>
      </div>
    );
  }

  const info = invitation.data;
  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = collectErrors<Fields>({
      ...validateNames(names),
      password: validateNewPassword(password),
      confirmation: validateConfirmation(password, confirmation),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await submit(() =>
      api.POST("/api/v1/auth/invitations/accept", {
        body: {
          token,
          password,
          firstName: names.firstName.trim(),
          lastName: names.lastName.trim(),
        },
      }),
    );
    if (result.ok) {
      session.signIn(result.data.accessToken, result.data.user);
      onSuccess(result.data.user);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Accept invitation">
      <div className="rounded-lg bg-zinc-50 px-3.5 py-3 text-sm text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
        You are joining{" "}
        <strong className="font-medium text-zinc-900 dark:text-zinc-100">
          {info.dealershipName}
        </strong>{" "}
        as {/^[aeiou]/i.test(ROLE_LABELS[info.role]) ? "an" : "a"}{" "}
        <strong className="font-medium text-zinc-900 dark:text-zinc-100">
          {ROLE_LABELS[info.role].toLowerCase()}
        </strong>
        .
        <span className="mt-1 block text-xs text-zinc-500 dark:text-zinc-400">
          Invitation valid until {formatDateTime(info.expiresAt)}.
        </span>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        label="E-mail"
        type="email"
        value={info.email}
        readOnly
        disabled
        autoComplete="username"
      />
      <div className="grid grid-cols-2 gap-3">
        <NameFields
          named
          values={names}
          onChange={(field, value) => setNames((current) => ({ ...current, [field]: value }))}
          errors={errors}
        />
      </div>
      <NewPasswordFields
        label="Password"
        password={password}
        confirmation={confirmation}
        onPassword={setPassword}
        onConfirmation={setConfirmation}
        errors={errors}
      />
      <Button type="submit" className="w-full" loading={pending}>
        Create account
      </Button>
    </form>
  );
}
