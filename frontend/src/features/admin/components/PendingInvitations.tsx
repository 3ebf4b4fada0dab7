"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { ROLE_LABELS } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";
import {
  Badge,
  Card,
  CardHeader,
  ConfirmButton,
  EmptyState,
  ListError,
  ListLoading,
  Table,
  Td,
  Th,
} from "@/ui";
import { MailIcon } from "@/ui/icons";
import { useToast } from "@/ui/Toaster";

export function PendingInvitations() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const invitations = useQuery({
    queryKey: queryKeys.invitations,
    queryFn: () => unwrap(api.GET("/api/v1/users/invitations")),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/users/invitations/{invitation_id}", {
          params: { path: { invitation_id: id } },
        }),
      ),
    onSuccess: () => {
      notify("Invitation revoked.");
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
    onError: (error: Error) => notify(error.message, "error"),
  });

  let body: React.ReactNode;
  if (invitations.isPending) body = <ListLoading label="Loading invitations…" />;
  else if (invitations.isError)
    body = (
      <ListError message={invitations.error.message} onRetry={() => void invitations.refetch()} />
    );
  else if (invitations.data.length === 0)
    body = (
      <div className="p-5">
        <EmptyState icon={<MailIcon className="size-5" />} title="No pending invitations">
          Invitations that have not been accepted yet appear here until they expire.
        </EmptyState>
      </div>
    );
  else
    body = (
      <Table caption="Pending invitations">
        <thead>
          <tr>
            <Th>E-mail</Th>
            <Th>Role</Th>
            <Th>Expires</Th>
            <Th className="text-right">Actions</Th>
          </tr>
        </thead>
        <tbody>
          {invitations.data.map((invitation) => (
            <tr key={invitation.id}>
              <Td className="font-medium text-zinc-900 dark:text-zinc-100">{invitation.email}</Td>
              <Td>
                <Badge>{ROLE_LABELS[invitation.role]}</Badge>
              </Td>
              <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {formatDateTime(invitation.expiresAt)}
              </Td>
              <Td className="text-right">
                <ConfirmButton
                  confirmLabel="Revoke"
                  onConfirm={() => revoke.mutate(invitation.id)}
                  disabled={revoke.isPending && revoke.variables === invitation.id}
                  aria-label={`Revoke invitation for ${invitation.email}`}
                >
                  Revoke
                </ConfirmButton>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    );

  return (
    <Card aria-labelledby="invitations-title">
      <CardHeader
        titleId="invitations-title"
        title="Pending invitations"
        description="People who have been invited but have not created their account yet."
      />
      {body}
    </Card>
  );
}
