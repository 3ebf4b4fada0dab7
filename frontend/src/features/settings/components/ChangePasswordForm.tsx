"use client";

import { useState } from "react";

import { NewPasswordFields } from "@/features/auth";
import { api } from "@/lib/api/client";
import { useSubmit } from "@/lib/useSubmit";
import {
  collectErrors,
  hasErrors,
  validateConfirmation,
  validateNewPassword,
  validateRequired,
  type FieldErrors,
} from "@/lib/validation";
import { Alert, Button, CardBody, CardFooter, TextField } from "@/ui";

type Fields = "current" | "password" | "confirmation";

export function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors<Fields>>({});
  const [changed, setChanged] = useState(false);
  const { pending, error, setError, submit } = useSubmit();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setChanged(false);
    const found = collectErrors<Fields>({
      current: validateRequired(current, "Enter your current password."),
      password:
        validateNewPassword(password) ??
        (password === current ? "The new password must differ from the current one." : null),
      confirmation: validateConfirmation(password, confirmation),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await submit(() =>
      api.POST("/api/v1/users/me/password", {
        body: { currentPassword: current, newPassword: password },
      }),
    );
    if (result.ok) {
      setCurrent("");
      setPassword("");
      setConfirmation("");
      setChanged(true);
    } else if (result.code === "wrong_password") {
      // The refusal is about one field, so it belongs under that field, not above the form.
      setError(null);
      setErrors({ current: "The current password is incorrect." });
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      <CardBody className="max-w-md space-y-5">
        {error && <Alert tone="error">{error}</Alert>}
        {changed && (
          <Alert tone="success" title="Password changed">
            Your other sessions have been signed out.
          </Alert>
        )}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          error={errors.current}
        />
        <NewPasswordFields
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={setConfirmation}
          errors={errors}
        />
      </CardBody>
      <CardFooter>
        <Button type="submit" loading={pending}>
          Change password
        </Button>
      </CardFooter>
    </form>
  );
}
