"use client";

import { useState } from "react";

import { NameFields, validateNames } from "@/features/auth";
import { api } from "@/lib/api/client";
import { useAuth, useUser } from "@/lib/auth/AuthProvider";
import { useSubmit } from "@/lib/useSubmit";
import { collectErrors, hasErrors, PHONE_MAX_LENGTH, type FieldErrors } from "@/lib/validation";
import { Alert, Button, CardBody, CardFooter, TextField } from "@/ui";

import { SavedNote } from "./SavedNote";

type Fields = "firstName" | "lastName" | "phone";

export function ProfileForm() {
  const user = useUser();
  const { updateUser } = useAuth();
  const [values, setValues] = useState({ ...user.profile });
  const [errors, setErrors] = useState<FieldErrors<Fields>>({});
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmit();

  const set = (field: Fields, value: string) => {
    setSaved(false);
    setValues((current) => ({ ...current, [field]: value }));
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = collectErrors<Fields>({
      ...validateNames(values),
      phone: /^[0-9 +()-]*$/.test(values.phone) ? null : "Use digits, spaces and + - ( ) only.",
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const profile = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      phone: values.phone.trim(),
    };
    const result = await submit(() => api.PATCH("/api/v1/users/me", { body: { profile } }));
    if (result.ok) {
      updateUser(result.data);
      setValues({ ...result.data.profile });
      setSaved(true);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Profile">
      <CardBody className="space-y-5">
        {error && <Alert tone="error">{error}</Alert>}
        <div className="grid gap-5 sm:grid-cols-2">
          <NameFields values={values} onChange={set} errors={errors} />
          <TextField
            label="E-mail"
            type="email"
            value={user.email}
            disabled
            hint="Ask an admin if your e-mail address needs to change."
          />
          <TextField
            label="Phone"
            type="tel"
            autoComplete="tel"
            value={values.phone}
            maxLength={PHONE_MAX_LENGTH}
            onChange={(event) => set("phone", event.target.value)}
            error={errors.phone}
            hint="Optional."
          />
        </div>
      </CardBody>
      <CardFooter>
        {saved && <SavedNote />}
        <Button type="submit" loading={pending}>
          Save profile
        </Button>
      </CardFooter>
    </form>
  );
}
