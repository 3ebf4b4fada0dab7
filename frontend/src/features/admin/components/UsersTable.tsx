"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { ROLE_LABELS, ROLES, type Role, type User } from "@/lib/api/types";
import { displayName, formatDateTime } from "@/lib/format";
import { Badge, ConfirmButton, CONTROL_CLASSES, cx, Table, Td, Th } from "@/ui";
import { useToast } from "@/ui/Toaster";

import { UserIdentity } from "./UserIdentity";

/** Admin actions on one user; each refreshes every users list when it succeeds. */
function useUserActions() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const done = (message: string) => {
    notify(message);
    void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.dealership });
  };
  const onError = (error: Error) => notify(error.message, "error");
  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: User; role: Role }) =>
      unwrap(
        api.PATCH("/api/v1/users/{user_id}", {
          params: { path: { user_id: user.id } },
          body: { role },
        }),
      ),
    onSuccess: (user) =>
      done(`${displayName(user)} is now ${ROLE_LABELS[user.role].toLowerCase()}.`),
    onError,
  });
  const setActive = useMutation({
    mutationFn: ({ user, active }: { user: User; active: boolean }) =>
      unwrap(
        active
          ? api.POST("/api/v1/users/{user_id}/reactivate", {
              params: { path: { user_id: user.id } },
            })
          : api.POST("/api/v1/users/{user_id}/deactivate", {
              params: { path: { user_id: user.id } },
            }),
      ),
    onSuccess: (_data, { user, active }) =>
      done(`${displayName(user)} has been ${active ? "reactivated" : "deactivated"}.`),
    onError,
  });
  return { changeRole, setActive };
}

export function UsersTable({
  users,
  currentUserId,
  manage,
}: {
  users: User[];
  currentUserId: string;
  /** Admins can change roles and (de)activate; others only read. */
  manage: boolean;
}) {
  const { changeRole, setActive } = useUserActions();
  return (
    <Table caption="Users">
      <thead>
        <tr>
          <Th>User</Th>
          <Th>Role</Th>
          <Th>Status</Th>
          <Th>Last sign-in</Th>
          {manage && <Th className="text-right">Actions</Th>}
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const self = user.id === currentUserId;
          const busy =
            (changeRole.isPending && changeRole.variables?.user.id === user.id) ||
            (setActive.isPending && setActive.variables?.user.id === user.id);
          return (
            <tr key={user.id} className="hover:bg-zinc-50/60 dark:hover:bg-zinc-800/30">
              <Td>
                <div className="flex items-center gap-2">
                  <UserIdentity user={user} />
                  {self && <Badge tone="brand">You</Badge>}
                </div>
              </Td>
              <Td>
                {manage && !self ? (
                  <>
                    <label htmlFor={`role-${user.id}`} className="sr-only">
                      Role for {displayName(user)}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      value={user.role}
                      disabled={busy}
                      onChange={(event) =>
                        changeRole.mutate({ user, role: event.target.value as Role })
                      }
                      className={cx(CONTROL_CLASSES, "h-8 w-40 pr-8")}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  </>
                ) : (
                  ROLE_LABELS[user.role]
                )}
              </Td>
              <Td>
                <div className="flex flex-wrap gap-1.5">
                  {user.isActive ? (
                    <Badge tone="success">Active</Badge>
                  ) : (
                    <Badge>Deactivated</Badge>
                  )}
                  {user.twoFactorEnabled && <Badge tone="brand">2FA</Badge>}
                </div>
              </Td>
              <Td className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never"}
              </Td>
              {manage && (
                <Td className="text-right">
                  {self ? null : user.isActive ? (
                    <ConfirmButton
                      confirmLabel="Deactivate"
                      onConfirm={() => setActive.mutate({ user, active: false })}
                      disabled={busy}
                      aria-label={`Deactivate ${displayName(user)}`}
                    >
                      Deactivate
                    </ConfirmButton>
                  ) : (
                    <ConfirmButton
                      confirmLabel="Reactivate"
                      onConfirm={() => setActive.mutate({ user, active: true })}
                      disabled={busy}
                      aria-label={`Reactivate ${displayName(user)}`}
                    >
                      Reactivate
                    </ConfirmButton>
                  )}
                </Td>
              )}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
