"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { ROLE_LABELS, ROLES, type Invitation, type Role } from "@/lib/api/types";
import { displayName } from "@/lib/format";
import { useSubmit } from "@/lib/useSubmit";
import { EMAIL_MAX_LENGTH, validateEmail } from "@/lib/validation";
import { Alert, Button, SelectField, TextField } from "@/ui";

import { InvitationOutcome } from "./InvitationLink";

export function InviteUserForm({
  onInvited,
  onCancel,
}: {
  onInvited: (invitation: Invitation) => void;
  onCancel?: () => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("salesperson");
  const [managerId, setManagerId] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [sent, setSent] = useState<Invitation | null>(null);
  const { pending, error, submit } = useSubmit();

  const managersParams = { role: "manager" as const, active: true, limit: 100 };
  const managers = useQuery({
    queryKey: queryKeys.users(managersParams),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: managersParams } })),
    enabled: role === "salesperson",
  });

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSent(null);
    const problem = validateEmail(email, "Enter the e-mail address of the person to invite.");
    setEmailError(problem);
    if (problem) return;
    const body = {
      email: email.trim(),
      role,
      managerId: role === "salesperson" && managerId ? managerId : null,
    };
    const result = await submit(() => api.POST("/api/v1/users/invitations", { body }));
    if (result.ok) {
      setSent(result.data);
      setEmail("");
      onInvited(result.data);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite a user" className="space-y-5">
      {error && <Alert tone="error">{error}</Alert>}
      {sent && <InvitationOutcome invitation={sent} />}
      <div className="grid gap-5 md:grid-cols-3">
        <TextField
          label="E-mail"
          type="email"
          maxLength={EMAIL_MAX_LENGTH}
          name="invite-email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={emailError}
          placeholder="name@dealership.com"
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]}
            </option>
          ))}
        </SelectField>
        {role === "salesperson" && (
          <SelectField
            label="Manager"
            value={managerId}
            onChange={(event) => setManagerId(event.target.value)}
            disabled={managers.isPending}
            error={managers.isError ? managers.error.message : null}
            hint="Optional: whose team they join."
          >
            <option value="">No manager</option>
            {managers.data?.items.map((manager) => (
              <option key={manager.id} value={manager.id}>
                {displayName(manager)}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <div className="flex gap-3">
        <Button type="submit" loading={pending}>
          Send invitation
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Close
          </Button>
        )}
      </div>
    </form>
  );
}
